/// A plain-text table: columns padded to their widest cell, two spaces apart, no
/// trailing spaces. Transcripts and goldens compare these byte for byte.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(headers: [String]) { self.headers = headers }

    public mutating func append(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index > 0 { line += "  " }
                line += index == row.count - 1 ? cell : cell.padding(toWidth: widths[index])
            }
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    public func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
