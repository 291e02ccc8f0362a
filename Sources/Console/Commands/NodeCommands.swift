import ProtocolKit
import SandboxCore

/// `spawn`: nodes and the protocol they run.
enum NodeCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "spawn", group: "nodes", synopsis: "spawn COUNT|NODE... [BEHAVIOUR]",
              usage: ["spawn COUNT [BEHAVIOUR [OPTION...]]", "spawn NODE... [BEHAVIOUR [OPTION...]]"],
              summary: "create nodes running a behaviour (default none; help spawn lists them)", example: "spawn 3 echo",
              parse: { cursor, catalog throws(CommandError) in try spawn(&cursor, catalog.registry) },
              complete: { request in spawnWords(request.arguments, registry: request.catalog.registry) }),
    ]

    private static func spawn(_ cursor: inout TokenCursor, _ registry: ProtocolRegistry) throws(CommandError) -> Command {
        let target: Command.SpawnTarget
        if let first = cursor.peek, first.text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            target = .count(try cursor.count("count", range: 1...10_000))
        } else {
            var nodes = [try cursor.node()]
            while let next = cursor.peek, TokenCursor.looksLikeNode(next.text) {
                let node = try cursor.node()
                guard !nodes.contains(node) else { throw cursor.error("\(node) appears twice in the list", at: next) }
                nodes.append(node)
            }
            target = .nodes(nodes)
        }
        var behaviour = "none"
        var options: [Token] = []
        if !cursor.isAtEnd {
            let token = try cursor.next("behaviour")
            guard let entry = registry.descriptor(named: token.text) else {
                throw cursor.error("unknown behaviour '\(token.text)' (known: \(registry.names.joined(separator: ", ")))", at: token)
            }
            behaviour = entry.name
            while !cursor.isAtEnd { options.append(try cursor.next("option")) }
            do {
                _ = try entry.factory(options: options.map(\.text))
            } catch {
                let culprit = options.first { $0.text == error.option }
                throw cursor.error("'\(error.option)': \(error.message)", at: culprit)
            }
        }
        return .spawn(target, behaviour: behaviour, options: options.map(\.text))
    }

    /// After `spawn COUNT|NODE...`: the protocols; after a protocol, its options not yet given.
    private static func spawnWords(_ arguments: [String], registry: ProtocolRegistry) -> Completer.Choices {
        guard let named = arguments.dropFirst().firstIndex(where: { !TokenCursor.looksLikeNode($0) }) else {
            return .words(arguments.isEmpty ? [] : registry.names)
        }
        guard let descriptor = registry.descriptor(named: arguments[named]) else { return .words([]) }
        let given = arguments[(named + 1)...].map { $0.split(separator: "=").first.map(String.init) ?? $0 }
        return .words(descriptor.options.filter { !given.contains($0.word) }.map(\.completion))
    }
}
