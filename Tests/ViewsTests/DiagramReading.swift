import SandboxCore
import Simulator
import Testing

/// A rendered space-time diagram read back by column, so tests can say "the cell on n2's
/// lane in e7's row is ▶" rather than compare whole strings.
struct DiagramReading {
    /// Each line as characters (columns are character positions).
    let lines: [[Character]]
    /// The header line (node names, then `id time L vector what`).
    let header: [Character]
    /// Rows with an event id, by id.
    let rows: [Int: Row]
    /// Event ids in row order.
    let order: [Int]
    /// Lines after the rows (the "more events" line, the highlight legend).
    let footer: [String]
    /// Column of each node's name in the header: its lane.
    let laneColumns: [NodeID: Int]
    let idColumn: Int, vectorColumn: Int, whatColumn: Int

    struct Row {
        let line: [Character]
        let marker: String
        let vector: String
        let what: String
    }

    init(_ text: String, nodes: [NodeID]) throws {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        header = try #require(lines.dropFirst().first)
        let headerText = String(header)
        func column(of word: String) throws -> Int {
            let range = try #require(headerText.range(of: " " + word + " ") ?? headerText.range(of: " " + word))
            return headerText.distance(from: headerText.startIndex, to: range.lowerBound) + 1
        }
        var laneColumns: [NodeID: Int] = [:]
        for node in nodes { laneColumns[node] = try column(of: node.description) }
        self.laneColumns = laneColumns
        idColumn = try column(of: "id")
        vectorColumn = try column(of: "vector")
        whatColumn = try column(of: "what")
        var rows: [Int: Row] = [:], order: [Int] = [], footer: [String] = []
        for line in lines.dropFirst(2) {
            let idText = String(line.dropFirst(idColumn).prefix { $0 != " " })
            let isNarration = String(line).hasPrefix("…") || String(line).hasPrefix("highlight")
            if !isNarration, line.count > whatColumn, let id = EventID(parsing: idText) {
                let vector = String(line[vectorColumn...].prefix { $0 != " " })
                rows[id.rawValue] = Row(line: line, marker: String(line.prefix(2)).trimmingSpaces,
                                        vector: vector, what: String(line[whatColumn...]))
                order.append(id.rawValue)
            } else {
                footer.append(String(line))
            }
        }
        self.rows = rows
        self.order = order
        self.footer = footer
    }

    /// The character on `node`'s lane in event `id`'s row.
    func cell(_ id: Int, _ node: NodeID, offset: Int = 0) -> Character? {
        guard let row = rows[id], let column = laneColumns[node] else { return nil }
        return row.line[column + offset]
    }

    /// The lane drawing of a row between two nodes' lanes, both included.
    func stretch(_ id: Int, from a: NodeID, to b: NodeID) -> String {
        guard let row = rows[id], let start = laneColumns[a], let end = laneColumns[b] else { return "" }
        return String(row.line[min(start, end)...max(start, end)])
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
