import SandboxCore
import Simulator

/// The arguments of `show trace` (its filter) and `show logs` (its index range).
extension CommandParser {
    /// `show trace [NODE…] [kind KIND,…] [hide WORD,…] [from TIME] [to TIME] [last N]`,
    /// parts in any order, each at most once (nodes may be listed anywhere).
    static func trace(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        var last: Int?
        let filter = try eventFilter(&cursor, words: ["kind", "hide", "from", "to", "last"], for: "show trace") { (cursor: inout TokenCursor) throws(CommandError) in
            let token = cursor.peek
            let count = try cursor.count("N", range: 1...Int(Int32.max))
            // A table is for reading: its first line comes at once, however long the trace.
            guard count <= Self.traceRowLimit else {
                throw cursor.error("show trace lists at most \(Self.traceRowLimit) events; narrow it with nodes, kind, "
                                   + "hide, from and to, or write the whole trace with export trace", at: token)
            }
            last = count
        }
        return .show(.trace(last: last, filter: filter))
    }

    /// The most rows one `show trace` lists.
    static let traceRowLimit = 10_000

    /// `live [SPEED] [quiet | [only] [NODE…] [kind KIND,…] [hide WORD,…]]`: what live
    /// mode streams (everything still happens and is kept).
    static func live(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        let speed: Double
        if let token = cursor.peek, !TokenCursor.looksLikeNode(token.text), !["quiet", "only", "kind", "hide"].contains(token.text.lowercased()) {
            speed = try cursor.speed()
        } else {
            speed = 1
        }
        if cursor.accept("quiet") { return .live(speed: speed, showing: .quiet) }
        _ = cursor.accept("only")
        let filter = try eventFilter(&cursor, words: ["kind", "hide"], for: "live") { (_: inout TokenCursor) throws(CommandError) in }
        return .live(speed: speed, showing: filter.isEmpty ? .everything : .only(filter))
    }

    /// The filter words of `show trace` and `live`, any of `words`, parts in any order,
    /// each at most once; `other` parses the words that are not part of the filter.
    private static func eventFilter(_ cursor: inout TokenCursor, words: [String], for command: String,
                                    other: (inout TokenCursor) throws(CommandError) -> Void) throws(CommandError) -> EventFilter {
        var filter = EventFilter()
        var seen: Set<String> = []
        while let token = cursor.peek {
            if TokenCursor.looksLikeNode(token.text) {
                let node = try cursor.node()
                if !filter.nodes.contains(node) { filter.nodes.append(node) }
                continue
            }
            let word = token.text.lowercased()
            guard words.contains(word) else {
                throw cursor.error("unexpected '\(token.text)': \(command) takes nodes, \(words.joined(separator: ", "))", at: token)
            }
            _ = try cursor.next(word)
            guard seen.insert(word).inserted else { throw cursor.error("'\(word)' is given twice", at: token) }
            switch word {
            case "kind": filter.kinds = try kinds(&cursor)
            case "hide": filter.hidden = try hiddenWords(&cursor)
            case "from": filter.from = SimTime.zero + (try cursor.duration())
            case "to": filter.to = SimTime.zero + (try cursor.duration())
            default: try other(&cursor)
            }
        }
        if let from = filter.from, let to = filter.to, to < from { throw cursor.error("'to' comes before 'from'") }
        return filter
    }

    /// `heartbeat,prevote`: first words of the labels to hide, separated by commas.
    static func hiddenWords(_ cursor: inout TokenCursor) throws(CommandError) -> [String] {
        let token = try cursor.next("words to hide (e.g. heartbeat)")
        let words = token.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard words.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_?#".contains($0) } }) else {
            throw cursor.error("'\(token.text)': hide takes words separated by commas, e.g. hide heartbeat", at: token)
        }
        return words
    }

    /// `send,deliver`: kinds separated by commas, each named as `show trace` prints it.
    static func kinds(_ cursor: inout TokenCursor) throws(CommandError) -> [EventKind] {
        let token = try cursor.next("event kinds (e.g. send,deliver)")
        var kinds: [EventKind] = []
        for name in token.text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = EventKind.allCases.first(where: { $0.description == name }) else {
                let valid = EventKind.allCases.map(\.description).joined(separator: ", ")
                let what = name.isEmpty ? "an empty kind" : "unknown kind '\(name)'"
                throw cursor.error("\(what) in '\(token.text)'; kinds are \(valid)", at: token)
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }
}
