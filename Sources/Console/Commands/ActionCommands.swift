import ProtocolKit
import SandboxCore

/// What a person makes nodes do: local events, sends, timers and client requests.
enum ActionCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "timeout", group: "actions", summary: "fire a node's timer now (by default the one its protocol names)",
              example: "timeout n3",
              forms: [builtinForm([.node("NODE"), .optional([.word("TIMER")])]) { .timeout($0.nodes[0], timer: $0.words.first) }]),
        .init(word: "local", group: "actions", summary: "a local event at a node", example: "local n1 a",
              forms: [builtinForm([.node("NODE"), .optional([.word("LABEL")])]) { .local($0.nodes[0], label: $0.words.first) }]),
        .init(word: "send", group: "actions", summary: "make the first node send a message to the second", example: "send n1 n2 hello",
              forms: [builtinForm([.node("NODE"), .node("NODE"), .optional([.word("LABEL")])]) {
                  .send($0.nodes[0], $0.nodes[1], label: $0.words.first)
              }]),
        .init(word: "write", group: "actions", summary: "a client writes to a register node (lww, lww-lamport, mvr)",
              example: "write n1 x 5",
              forms: [builtinForm([.node("NODE"), .word("KEY"), .word("VALUE")]) {
                  .ask($0.nodes[0], ClientRequest(operation: "write", arguments: $0.words))
              }]),
        .init(word: "read", group: "actions", summary: "a client reads a register node's value", example: "read n2 x",
              forms: [builtinForm([.node("NODE"), .word("KEY")]) {
                  .ask($0.nodes[0], ClientRequest(operation: "read", arguments: $0.words))
              }]),
        .init(word: "request", group: "actions",
              usage: ["request NODE OPERATION [WORD...]", "request CLIENT -> NODE OPERATION [WORD...]"],
              summary: "a client endpoint sends a command to a server over the network (for protocols that have one)",
              example: "request n3 put x 1",
              parse: { cursor, _ throws(CommandError) in
                  var server = try cursor.node()
                  var client: NodeID?
                  if cursor.accept("->") {
                      client = server
                      server = try cursor.node()
                  }
                  return .request(server: server, client: client, try operation(&cursor))
              },
              complete: ClockCommands.firstNode),
        .init(word: "ask", group: "actions", usage: ["ask NODE OPERATION [WORD...]"],
              summary: "a client makes any request of a node's behaviour", example: "ask n1 start",
              parse: { cursor, _ throws(CommandError) in .ask(try cursor.node(), try operation(&cursor)) },
              complete: ClockCommands.firstNode),
    ]

    /// `OPERATION [WORD...]` to the end of the line.
    private static func operation(_ cursor: inout TokenCursor) throws(CommandError) -> ClientRequest {
        var words = [try cursor.label()]
        while !cursor.isAtEnd { words.append(try cursor.label()) }
        return ClientRequest(operation: words[0], arguments: Array(words.dropFirst()))
    }
}
