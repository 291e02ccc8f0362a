/// One word of a command line and where it starts (1-based column, in characters).
public struct Token: Equatable, Sendable {
    public let text: String
    public let column: Int
}

/// Splits a command line into tokens. Words are separated by spaces or tabs; `|` and
/// `->` are tokens of their own even when written against a word (`n2|n3`); `#` starts
/// a comment that runs to the end of the line. A word in double quotes may hold spaces
/// (`save "lab 1.dsb"`); an unclosed quote is an ordinary character.
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
            case "\"" where current.isEmpty && characters.contains("\""):
                let end = characters.firstIndex(of: "\"")!
                let quoted = characters[..<end]
                tokens.append(Token(text: String(quoted), column: column))
                column += quoted.count + 1
                characters = characters[characters.index(after: end)...]
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
