import ProtocolKit
import SandboxCore
import Simulator

/// The claims `expect` can state about the trace.
extension CommandParser {
    /// The claims `expect` judges itself, before any protocol's.
    static let claims = ["order", "lamport", "wall", "vector", "count", "dropped", "violation", "no"]

    /// `expect order|lamport|vector|count|dropped|violation|no violation ...`.
    static func expectation(_ cursor: inout TokenCursor, _ catalog: CommandCatalog) throws(CommandError) -> Command.Expectation {
        let protocolClaims = catalog.registry.expectations.map(\.expectation.word)
        let what = try cursor.keyword("what to expect", from: claims + protocolClaims)
        if let claim = catalog.registry.expectation(what) {
            let match = try FormParser.parse(claim.forms, &cursor)
            return .claim(what, form: match.index, match.arguments)
        }
        switch what {
        case "order":
            let first = try cursor.event()
            let relation = try causalOrder(&cursor)
            return .order(first, relation, try cursor.event())
        case "lamport":
            let event = try cursor.event()
            return .lamport(event, try cursor.count("Lamport time", range: 0...Int(Int32.max)))
        case "wall":
            let event = try cursor.event()
            return .wall(event, try cursor.duration(allowSign: true))
        case "vector":
            let event = try cursor.event()
            var entries: [NodeID: Int] = [:]
            while let token = cursor.peek {
                _ = try cursor.next("NODE=N")
                let parts = token.text.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2, let node = NodeID(parsing: String(parts[0])),
                      let count = Int(parts[1]), count >= 0, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw cursor.error("'\(token.text)' is not a vector entry; write NODE=N, e.g. n1=2", at: token)
                }
                guard entries[node] == nil else { throw cursor.error("\(node) is given twice", at: token) }
                entries[node] = count
            }
            return .vector(event, entries)
        case "count":
            let kinds = try kinds(&cursor)
            guard kinds.count == 1 else { throw cursor.error("expect count takes one kind") }
            return .count(kinds[0], try cursor.count("N", range: 0...Int(Int32.max)))
        case "dropped":
            return .dropped(try cursor.count("N", range: 0...Int(Int32.max)))
        case "violation":
            return .violation(true)
        default:
            _ = try cursor.keyword("'violation' (expect no violation)", from: ["violation"])
            return .violation(false)
        }
    }

    /// `->` (the first happens before the second), `<-` (after), or `||` (concurrent).
    private static func causalOrder(_ cursor: inout TokenCursor) throws(CommandError) -> CausalOrder {
        let token = try cursor.next("->, <- or ||")
        switch token.text {
        case "->": return .before
        case "<-": return .after
        case "||": return .concurrent
        case "|":
            guard let second = cursor.peek, second.text == "|", second.column == token.column + 1 else { break }
            _ = try cursor.next("|")
            return .concurrent
        default: break
        }
        throw cursor.error("expected ->, <- or || between the events, got '\(token.text)'", at: token)
    }
}
