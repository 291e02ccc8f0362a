import ProtocolKit
import SandboxCore

/// Partitions, isolation, one-way cuts, crashes and pauses.
enum FaultCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "partition", group: "faults", synopsis: "partition NODE... | NODE...", usage: ["partition NODE... | NODE... [| NODE...]"],
              summary: "split the network into groups; unnamed nodes form one more group", example: "partition n1 n2 | n3 n4 n5",
              parse: { cursor, _ throws(CommandError) in try partition(&cursor) },
              complete: { request in
                  let typed = request.arguments
                  return .words(request.context.nodes.filter { !typed.contains($0) } + (!typed.isEmpty && typed.last != "|" ? ["|"] : []))
              }),
        .init(word: "isolate", group: "faults", summary: "cut a node off from every other node", example: "isolate n3",
              forms: [builtinForm([.node("NODE")]) { .isolate($0.nodes[0]) }]),
        .init(word: "cut", group: "faults", usage: ["cut NODE -> NODE"],
              summary: "drop messages in one direction only", example: "cut n1 -> n2",
              parse: { cursor, _ throws(CommandError) in
                  let from = try cursor.node()
                  guard let arrow = cursor.peek, arrow.text == "->" else {
                      throw cursor.error("write the direction with ->, e.g. cut n1 -> n2", at: cursor.peek)
                  }
                  _ = try cursor.next("->")
                  return .cut(from: from, to: try cursor.node())
              },
              complete: { request in
                  let count = request.arguments.count
                  return .words(count == 1 ? ["->"] : count == 0 || count == 2 ? request.context.nodes : [])
              }),
        .init(word: "heal", group: "faults", summary: "remove partitions, isolation and cuts (link settings stay)", example: "heal",
              forms: [builtinForm([]) { _ in .heal }]),
        .init(word: "crash", group: "faults", summary: "stop a node: volatile state lost, durable storage kept", example: "crash n2",
              forms: [builtinForm([.node("NODE")]) { .crash($0.nodes[0]) }]),
        .init(word: "restart", group: "faults", summary: "bring a crashed node back from its durable storage", example: "restart n2",
              forms: [builtinForm([.node("NODE")]) { .restart($0.nodes[0]) }]),
        .init(word: "pause", group: "faults", usage: ["pause NODE [DURATION]"],
              summary: "freeze a node (a GC pause); its inputs wait until resume", example: "pause n3 800ms",
              parse: { cursor, _ throws(CommandError) in
                  let node = try cursor.node()
                  return .pause(node, cursor.isAtEnd ? nil : try cursor.duration(allowZero: false))
              },
              complete: { request in .words(request.arguments.isEmpty ? request.context.nodes : []) }),
        .init(word: "resume", group: "faults", summary: "unfreeze a paused node; it handles what waited", example: "resume n3",
              forms: [builtinForm([.node("NODE")]) { .resume($0.nodes[0]) }]),
    ]

    private static func partition(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        var groups: [[NodeID]] = [[]]
        var seen: [NodeID: Int] = [:]
        while let token = cursor.peek {
            if token.text == "|" {
                guard !groups[groups.count - 1].isEmpty else { throw cursor.error("empty group before '|'", at: token) }
                _ = try cursor.next("|")
                groups.append([])
                continue
            }
            let node = try cursor.node()
            if seen[node] != nil { throw cursor.error("\(node) appears twice in the partition", at: token) }
            seen[node] = token.column
            groups[groups.count - 1].append(node)
        }
        guard !groups[groups.count - 1].isEmpty else {
            throw cursor.error(groups.count == 1 ? "missing nodes, e.g. partition n1 n2 | n3" : "empty group after '|'")
        }
        // One group alone would split nothing off that the person can see on the line.
        guard groups.count > 1 else {
            throw cursor.error("separate the groups with |, e.g. partition n1 n2 | n3 (isolate NODE cuts off one node)")
        }
        return .partition(groups)
    }
}
