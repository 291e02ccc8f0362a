import ProtocolKit
import Simulator

/// What Tab completes against, captured after each command so completion (called from
/// libedit, synchronously) never has to reach into the running simulation.
public struct CompletionContext: Sendable, Equatable {
    /// Existing node ids, in order.
    public var nodes: [String]
    /// The newest event id number (0 when the trace is empty).
    public var lastEvent: Int

    public init(nodes: [String] = [], lastEvent: Int = 0) {
        self.nodes = nodes
        self.lastEvent = lastEvent
    }
}

/// Tab completion for the command language: command words, sub-words (`show log`,
/// `net loss`), node ids that exist now, behaviour names, event ids, and file names
/// after `load`, `save` and `export trace`. Pure: it reads the line, a context and a
/// directory lister, so it is tested directly.
public enum Completer {
    /// Lists the entries of a directory (names only; directories end in `/`).
    public typealias DirectoryLister = @Sendable (_ directory: String) -> [String]

    /// How many recent events are offered when only `e` has been typed.
    static let recentEvents = 20

    /// The candidates for the word under the cursor, given the line up to the cursor.
    public static func candidates(for lineUpToCursor: String, context: CompletionContext, catalog: CommandCatalog = .standard,
                                  listDirectory: DirectoryLister) -> [String] {
        let endsInSpace = lineUpToCursor.last.map { $0.isWhitespace || $0 == "|" } ?? true
        var words = Tokenizer.tokens(of: lineUpToCursor).map(\.text)
        let partial = endsInSpace || words.isEmpty ? "" : words.removeLast()
        guard let first = words.first else {
            return matching(partial, catalog.entries.map(\.word) + ["exit"])
        }
        let entry = catalog.entry(for: first)
        let arguments = Array(words.dropFirst())
        let options = if let declared = entry?.protocolCommand {
            FormCompleter.choices(declared.forms.map(\.parameters), typed: arguments, nodes: context.nodes)
        } else {
            choices(command: entry?.word ?? first.lowercased(), arguments: arguments, partial: partial, context: context,
                    catalog: catalog)
        }
        switch options {
        case .words(let words): return matching(partial, words)
        case .events: return events(matching: partial, context: context)
        case .files(let extensionHint): return files(matching: partial, extensionHint: extensionHint, listDirectory: listDirectory)
        }
    }

    /// What may come next: words, event ids, or file names.
    enum Choices {
        case words([String])
        case events
        case files(extensionHint: String)

        var words: [String] {
            if case .words(let words) = self { return words }
            return []
        }
    }

    private static func choices(command: String, arguments: [String], partial: String,
                                context: CompletionContext, catalog: CommandCatalog) -> Choices {
        let registry = catalog.registry
        let nodes = context.nodes
        let count = arguments.count
        switch command {
        case "spawn":
            return spawnWords(arguments, registry: registry)
        case "net":
            if count == 0 { return .words(["latency", "loss", "dup"]) }
            return .words(arguments[0] == "latency" && count == 1 ? ["pareto"] : [])
        case "link":
            if count < 2 || (count == 2 && arguments[1] == "->") { return .words(nodes + (count == 1 ? ["->"] : [])) }
            return .words(["latency", "loss", "dup", "reset"])
        case "cut":
            if count == 1 { return .words(["->"]) }
            return .words(count == 0 || count == 2 ? nodes : [])
        case "partition":
            return .words(nodes.filter { !arguments.contains($0) } + (count > 0 && arguments.last != "|" ? ["|"] : []))
        case "write", "read", "ask", "request":
            return .words(count == 0 ? nodes : [])
        case "ntp":
            switch count {
            case 0: return .words(nodes)
            case 1: return .words(["from", "off"])
            case 2 where arguments[1] == "from": return .words(nodes)
            case 3: return .words(["every"])
            default: return .words([])
            }
        case "concurrent":
            if let first = arguments.first ?? (partial.isEmpty ? nil : partial), first.hasPrefix("n") { return .words(nodes) }
            return .events
        case "causal-past":
            return count == 0 ? .events : .words([])
        case "isolate", "crash", "restart", "resume", "local", "skew", "drift":
            return .words(count == 0 ? nodes : [])
        case "pause":
            return .words(count == 0 ? nodes : [])
        case "clock":
            return .words(count == 0 ? nodes : count == 1 ? ["step"] : [])
        case "send":
            return .words(count < 2 ? nodes : [])
        case "run", "step":
            return .words(count == 1 ? ["quiet"] : [])
        case "live":
            if arguments.contains("quiet") { return .words([]) }
            let filter = filterWords(arguments[...], nodes: nodes, words: ["only", "kind", "hide"])
            return count <= 1 && !arguments.contains("only") ? .words(["quiet"] + filter.words) : filter
        case "show":
            if count == 0 { return .words(CommandCatalog.showTargets + registry.views.map(\.view.name)) }
            if let view = registry.view(arguments[0].lowercased()) {
                return FormCompleter.choices(view.forms.map(\.parameters), typed: Array(arguments.dropFirst()), nodes: nodes)
            }
            if arguments[0] == "event", count == 1 { return .events }
            if arguments[0] == "trace" { return filterWords(arguments.dropFirst(), nodes: nodes, words: ["kind", "hide", "from", "to", "last"]) }
            return .words([])
        case "order":
            return count < 2 ? .events : .words([])
        case "expect":
            guard let claim = arguments.first else {
                return .words(CommandCatalog.claims + registry.expectations.map(\.expectation.word))
            }
            if let declared = registry.expectation(claim.lowercased()) {
                return FormCompleter.choices(declared.forms.map(\.parameters), typed: Array(arguments.dropFirst()), nodes: nodes)
            }
            switch (claim, count) {
            case ("order", 1), ("order", 3), ("lamport", 1), ("wall", 1), ("vector", 1): return .events
            case ("order", 2): return .words(["->", "<-", "||"])
            case ("vector", _): return .words(nodes.map { $0 + "=" })
            case ("count", 1): return .words(EventKind.allCases.map(\.description))
            case ("no", 1): return .words(["violation"])
            default: return .words([])
            }
        case "export":
            let hints = ["trace": ".jsonl", "mermaid": ".mmd", "shiviz": ".log"]
            if count == 0 { return .words(["trace", "mermaid", "shiviz"]) }
            return count == 1 ? .files(extensionHint: hints[arguments[0]] ?? "") : .words([])
        case "diagram":
            if arguments.last == "highlight" { return .events }
            if ["from", "to", "limit"].contains(arguments.last ?? "") { return .words([]) }
            return .words(nodes.filter { !arguments.contains($0) } + ["from", "to", "highlight", "limit"])
        case "trace":
            return .words(count == 0 ? ["window"] : count == 1 ? ["off"] : [])
        case "save":
            return count == 0 ? .files(extensionHint: ".dsb") : .words(["--force"])
        case "load":
            return count == 0 ? .files(extensionHint: ".dsb") : .words([])
        case "record":
            return count == 0 ? .files(extensionHint: ".dsb") : .words([])
        case "help":
            return .words(count == 0 ? catalog.entries.map(\.word) : [])
        default:
            return .words([])
        }
    }

    /// After `spawn COUNT|NODE...`: the protocols; after a protocol, its options not yet given.
    private static func spawnWords(_ arguments: [String], registry: ProtocolRegistry) -> Choices {
        guard let named = arguments.dropFirst().firstIndex(where: { !TokenCursor.looksLikeNode($0) }) else {
            return .words(arguments.isEmpty ? [] : registry.names)
        }
        guard let descriptor = registry.descriptor(named: arguments[named]) else { return .words([]) }
        let given = arguments[(named + 1)...].map { $0.split(separator: "=").first.map(String.init) ?? $0 }
        return .words(descriptor.options.filter { !given.contains($0.word) }.map(\.completion))
    }

    /// What may follow the filter words typed so far (`show trace`, `live`): after `kind`
    /// the event kinds, after `hide` nothing to offer, after a time nothing; otherwise the
    /// nodes not yet named and the filter words not yet used.
    private static func filterWords(_ typed: ArraySlice<String>, nodes: [String], words: [String]) -> Choices {
        switch typed.last?.lowercased() {
        case "kind": return .words(EventKind.allCases.map(\.description))
        case "hide", "from", "to", "last": return .words([])
        default: return .words(nodes.filter { !typed.contains($0) } + words.filter { !typed.contains($0) })
        }
    }

    private static func matching(_ partial: String, _ words: [String]) -> [String] {
        let lowered = partial.lowercased()
        return words.filter { $0.lowercased().hasPrefix(lowered) }
    }

    /// Event ids: the most recent ones for a bare `e`, all that match once digits are typed.
    private static func events(matching partial: String, context: CompletionContext) -> [String] {
        guard context.lastEvent > 0 else { return [] }
        let digits = partial.drop { $0 == "e" || $0 == "E" }
        guard partial.isEmpty || partial.first == "e" || partial.first == "E",
              digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return [] }
        if digits.isEmpty {
            let first = max(1, context.lastEvent - recentEvents + 1)
            return (first...context.lastEvent).map { "e\($0)" }
        }
        let matches = (1...context.lastEvent).lazy.map { "e\($0)" }.filter { $0.hasPrefix("e" + digits) }
        return Array(matches.prefix(100))
    }

    /// Files and directories under the directory part of `partial`; files with
    /// `extensionHint` and directories only, unless nothing else matches.
    private static func files(matching partial: String, extensionHint: String, listDirectory: DirectoryLister) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let directory = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let entries = listDirectory(directory.isEmpty ? "." : directory)
            .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
        let preferred = entries.filter { $0.hasSuffix("/") || $0.hasSuffix(extensionHint) }
        return (preferred.isEmpty ? entries : preferred).map { directory + $0 }
    }
}
