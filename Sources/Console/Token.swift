/// One word of a command line and where it starts (1-based column, in characters).
public struct Token: Equatable, Sendable {
    public let text: String
    public let column: Int
}

/// Splits a command line into tokens. Words are separated by spaces or tabs; `|` and
/// `->` are tokens of their own even when written against a word (`n2|n3`); `#` starts
/// a comment that runs to the end of the line.
public enum Tokenizer {
    public static func tokens(of line: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        var column = 0
        func flush() {
            if !current.isEmpty { tokens.append(Token(text: current, column: start)) }
            current = ""
        }
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            column += 1
            switch character {
            case "#":
                flush()
                return tokens
            case _ where character.isWhitespace:
                flush()
            case "|":
                flush()
                tokens.append(Token(text: "|", column: column))
            case "-" where characters.first == ">":
                flush()
                tokens.append(Token(text: "->", column: column))
                characters.removeFirst()
                column += 1
            default:
                if current.isEmpty { start = column }
                current.append(character)
            }
        }
        flush()
        return tokens
    }
}
