import ProtocolKit
/// The session itself: its seed, scripts, recordings, history and help.
enum SessionCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "seed", group: "session", usage: ["seed NUMBER"],
              summary: "set the random seed (before anything else happens)", example: "seed 42",
              parse: { cursor, _ throws(CommandError) in .seed(try cursor.seed()) }),
        .init(word: "save", group: "session", usage: ["save FILE.dsb [--force]"],
              summary: "write the session so far as a replayable script", example: "save lab1.dsb",
              parse: { cursor, _ throws(CommandError) in
                  let path = try cursor.path()
                  return .save(path: path, force: cursor.accept("--force"))
              },
              complete: { request in request.arguments.isEmpty ? .files(extensionHint: ".dsb") : .words(["--force"]) }),
        .init(word: "load", group: "session", usage: ["load FILE.dsb"],
              summary: "run the commands of a script in this session", example: "load lab1.dsb",
              parse: { cursor, _ throws(CommandError) in .load(path: try cursor.path()) },
              complete: { request in request.arguments.isEmpty ? .files(extensionHint: ".dsb") : .words([]) }),
        .init(word: "record", group: "session", usage: ["record FILE.dsb [--force]", "record off"],
              summary: "keep writing the session to FILE.dsb and its transcript to FILE.out", example: "record lab1.dsb",
              parse: { cursor, _ throws(CommandError) in
                  if cursor.accept("off") { return .recordOff }
                  let path = try cursor.path()
                  return .record(path: path, force: cursor.accept("--force"))
              },
              complete: { request in request.arguments.isEmpty ? .files(extensionHint: ".dsb") : .words([]) }),
        .init(word: "history", group: "session", summary: "list the commands save would write, in order", example: "history",
              forms: [builtinForm([]) { _ in .history }]),
        .init(word: "reset", group: "session", summary: "start over: no nodes, time 0, same seed", example: "reset",
              forms: [builtinForm([]) { _ in .reset }]),
        .init(word: "help", group: "session", usage: ["help [COMMAND]"], summary: "list commands, or explain one",
              example: "help partition",
              parse: { cursor, _ throws(CommandError) in .help(topic: cursor.isAtEnd ? nil : try cursor.next("command").text) },
              complete: { request in .words(request.arguments.isEmpty ? request.catalog.entries.map(\.word) : []) }),
        .init(word: "quit", group: "session", summary: "leave dsbox", example: "quit", forms: [builtinForm([]) { _ in .quit }]),
    ]
}
