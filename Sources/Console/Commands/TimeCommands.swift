import ProtocolKit
/// Virtual time: run, step, and live mode.
enum TimeCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "run", group: "time", summary: "advance virtual time, handling every event due", example: "run 2s",
              forms: [builtinForm([.duration("DURATION"), .optional([.literal("quiet")])]) {
                  .run($0.durations[0], quiet: $0.contains(word: "quiet"))
              }]),
        .init(word: "live", group: "time", synopsis: "live [SPEED] [quiet|FILTER]",
              usage: ["live [SPEED] [quiet]", "live [SPEED] [only] [NODE...] [kind KIND,...] [hide WORD,...]"],
              summary: "let virtual time follow the wall clock (at the prompt); type commands as it runs", example: "live 0.2x",
              parse: { cursor, _ throws(CommandError) in try CommandParser.live(&cursor) },
              complete: { request in
                  let typed = request.arguments
                  if typed.contains("quiet") { return .words([]) }
                  let filter = Completer.filterWords(typed[...], nodes: request.context.nodes, words: ["only", "kind", "hide"])
                  return typed.count <= 1 && !typed.contains("only") ? .words(["quiet"] + filter.words) : filter
              }),
        .init(word: "stop", group: "time", summary: "leave live mode (Ctrl-C does too)", example: "stop",
              forms: [builtinForm([]) { _ in .stopLive }]),
        .init(word: "step", group: "time", usage: ["step [COUNT] [quiet]"],
              summary: "handle the next pending event (a delivery, a timer), or COUNT of them; each may record several trace events",
              example: "step 10",
              parse: { cursor, _ throws(CommandError) in
                  // Up to a billion: an interrupted storm run is saved as one `step`.
                  let count = cursor.isAtEnd || cursor.peek?.text.lowercased() == "quiet" ? 1
                      : try cursor.count("count", range: 1...1_000_000_000)
                  return .step(count, quiet: cursor.accept("quiet"))
              },
              complete: { request in .words(request.arguments.count == 1 ? ["quiet"] : []) }),
    ]
}
