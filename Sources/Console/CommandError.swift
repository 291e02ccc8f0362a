/// A command that could not be parsed or carried out: where, why, and how to write it.
public struct CommandError: Error, Equatable, Sendable {
    /// 1-based column of the offending word (one past the end when a word is missing).
    public let column: Int
    public let message: String
    /// The command's usage lines, when the command word was recognised.
    public let usage: [String]
    /// The file and line a failed `load` stopped at (`lib/bad.dsb:4`), where `column`
    /// and `usage` belong; nil when they belong to the line itself.
    public let location: String?

    public init(column: Int, message: String, usage: [String] = [], location: String? = nil) {
        self.column = column
        self.message = message
        self.usage = usage
        self.location = location
    }

    /// `error: column 7: unknown node n9` followed by the usage lines.
    public var rendered: String {
        var text = "error: " + (location.map { $0 + ": " } ?? "") + "column \(column): \(message)"
        if let first = usage.first {
            text += "\n  usage: " + first
            for line in usage.dropFirst() { text += "\n         " + line }
        }
        return text
    }
}
