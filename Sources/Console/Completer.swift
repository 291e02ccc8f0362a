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
        guard let entry = catalog.entry(for: first) else { return [] }
        let options = entry.complete(CompletionRequest(arguments: Array(words.dropFirst()), partial: partial, context: context,
                                                       catalog: catalog))
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

    /// What may follow the filter words typed so far (`show trace`, `live`): after `kind`
    /// the event kinds, after `hide` nothing to offer, after a time nothing; otherwise the
    /// nodes not yet named and the filter words not yet used.
    static func filterWords(_ typed: ArraySlice<String>, nodes: [String], words: [String]) -> Choices {
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
