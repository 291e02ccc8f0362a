import SandboxCore
import Simulator

/// Reads the arguments of one command, word by word, turning each kind of argument
/// into a value or into a ``CommandError`` that points at the word and shows the usage.
struct TokenCursor {
    private let tokens: [Token]
    private var position = 1  // tokens[0] is the command word
    let usage: [String]
    let endColumn: Int
    private(set) var nodeColumns: [NodeID: Int] = [:]
    private(set) var eventColumns: [EventID: Int] = [:]
    private(set) var pathColumn: Int?

    init(tokens: [Token], usage: [String], endColumn: Int) {
        self.tokens = tokens
        self.usage = usage
        self.endColumn = endColumn
    }

    var isAtEnd: Bool { position >= tokens.count }
    /// How many words have been read, the command word included.
    var consumed: Int { position }
    var peek: Token? { isAtEnd ? nil : tokens[position] }
    var remaining: Int { tokens.count - position }

    func error(_ message: String, at token: Token? = nil) -> CommandError {
        CommandError(column: token?.column ?? endColumn, message: message, usage: usage)
    }

    mutating func next(_ what: String) throws(CommandError) -> Token {
        guard let token = peek else { throw error("missing \(what)") }
        position += 1
        return token
    }

    /// Consumes the next word if it is `word` (case-insensitive).
    mutating func accept(_ word: String) -> Bool {
        guard let token = peek, token.text.lowercased() == word else { return false }
        position += 1
        return true
    }

    mutating func keyword(_ what: String, from choices: [String]) throws(CommandError) -> String {
        let token = try next(what)
        let word = token.text.lowercased()
        guard choices.contains(word) else {
            let close = CommandCatalog.closest(to: word, among: choices)
            let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
            throw error("expected \(what) (\(choices.joined(separator: ", "))), got '\(token.text)'\(hint)", at: token)
        }
        return word
    }

    /// True for words meant as node ids, even malformed ones (`n0`, `n100001`, `n-1`),
    /// so that they are reported as bad nodes rather than as something else.
    static func looksLikeNode(_ text: String) -> Bool {
        guard let first = text.first, first == "n" || first == "N" else { return false }
        let rest = text.dropFirst().drop { $0 == "-" || $0 == "+" }
        return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    mutating func node() throws(CommandError) -> NodeID {
        let token = try next("node (e.g. n1)")
        guard let node = NodeID(parsing: token.text) else {
            throw error("'\(token.text)' is not a node; nodes are written n1, n2, … up to n\(NodeID.maximumRawValue)", at: token)
        }
        if nodeColumns[node] == nil { nodeColumns[node] = token.column }
        return node
    }

    mutating func event() throws(CommandError) -> EventID {
        let token = try next("event (e.g. e7)")
        guard let event = EventID(parsing: token.text) else {
            throw error("'\(token.text)' is not an event; events are written e1, e2, …", at: token)
        }
        if eventColumns[event] == nil { eventColumns[event] = token.column }
        return event
    }

    mutating func duration(allowSign: Bool = false, allowZero: Bool = true) throws(CommandError) -> SimDuration {
        let token = try next("duration (e.g. 20ms)")
        if !allowSign, token.text.first == "-" || token.text.first == "+" {
            throw error("'\(token.text)': this duration cannot have a sign", at: token)
        }
        let duration = try durationValue(token)
        if !allowZero, duration.microseconds == 0 { throw error("the duration must be more than 0", at: token) }
        return duration
    }

    /// A signed duration such as `+150ms` or `-300ms` (the sign is required).
    mutating func signedDuration() throws(CommandError) -> SimDuration {
        let token = try next("signed duration (e.g. +150ms)")
        guard token.text.first == "+" || token.text.first == "-" else {
            throw error("'\(token.text)': write the direction, e.g. +150ms or -150ms", at: token)
        }
        return try durationValue(token)
    }

    func durationValue(_ token: Token) throws(CommandError) -> SimDuration {
        switch DurationParser.parse(token.text) {
        case .failure(let failure): throw error("'\(token.text)': \(failure)", at: token)
        case .success(let duration): return duration
        }
    }

    mutating func count(_ what: String, range: ClosedRange<Int>) throws(CommandError) -> Int {
        let token = try next(what)
        let digits = token.text.hasPrefix("-") ? token.text.dropFirst() : token.text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error("'\(token.text)' is not a whole number", at: token)
        }
        guard let value = Int(token.text), range.contains(value) else {
            throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound)", at: token)
        }
        return value
    }

    /// A seed: any unsigned 64-bit number.
    mutating func seed() throws(CommandError) -> UInt64 {
        let token = try next("seed")
        let digits = token.text.hasPrefix("-") ? token.text.dropFirst() : token.text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error("'\(token.text)' is not a whole number", at: token)
        }
        guard let value = UInt64(token.text) else {
            throw error("seed must be between 0 and \(UInt64.max)", at: token)
        }
        return value
    }

    /// A percentage with up to four decimals: `10%`, `2.5%`.
    mutating func percent() throws(CommandError) -> Probability {
        let token = try next("percentage (e.g. 10%)")
        guard token.text.hasSuffix("%") else { throw error("'\(token.text)': write a percentage, e.g. 10%", at: token) }
        let number = token.text.dropLast()
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let wholeText = pieces.first, !wholeText.isEmpty,
              wholeText.allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw error("'\(token.text)' is not a percentage", at: token) }
        guard wholeText.count <= 3, let whole = Int(wholeText), whole <= 100 else {
            throw error("'\(token.text)': a percentage goes up to 100%", at: token)
        }
        var partsPerMillion = whole * 10_000
        if pieces.count == 2 {
            let fraction = pieces[1]
            guard !fraction.isEmpty, fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(fraction)
            else { throw error("'\(token.text)': at most four decimals, e.g. 0.25%", at: token) }
            partsPerMillion += value * [1000, 100, 10, 1][fraction.count - 1]
        }
        guard partsPerMillion <= 1_000_000 else { throw error("'\(token.text)': a percentage goes up to 100%", at: token) }
        return Probability(partsPerMillion: partsPerMillion)
    }

    /// `-200ppm`, `+50ppm`, `0ppm`.
    mutating func ppm() throws(CommandError) -> Int64 {
        let token = try next("drift (e.g. -200ppm)")
        guard token.text.lowercased().hasSuffix("ppm") else { throw error("'\(token.text)': write drift as parts per million, e.g. -200ppm", at: token) }
        var number = token.text.dropLast(3)
        var sign: Int64 = 1
        if let first = number.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            number = number.dropFirst()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error("'\(token.text)' is not a drift in ppm", at: token)
        }
        guard number.count <= 6, let value = Int64(number), value <= 500_000 else {
            throw error("'\(token.text)': drift must be within ±500000ppm", at: token)
        }
        return sign * value
    }

    /// A speed for live mode: `0.2x`, `2x`, `1` (virtual seconds per wall second).
    mutating func speed() throws(CommandError) -> Double {
        let token = try next("speed (e.g. 0.5x)")
        let number = token.text.hasSuffix("x") ? String(token.text.dropLast()) : token.text
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number)
        else { throw error("'\(token.text)' is not a speed; write e.g. 0.2x, 1x or 5x", at: token) }
        guard value >= 0.01, value <= 100 else { throw error("'\(token.text)': the speed goes from 0.01x to 100x", at: token) }
        return value
    }

    /// A label: letters, digits and `_ . : / -`, at most 40 characters.
    mutating func label() throws(CommandError) -> String {
        let token = try next("label")
        let allowed = token.text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.:/-".contains($0)) }
        guard allowed, token.text.count <= 40 else {
            throw error("'\(token.text)': labels are up to 40 letters, digits and _ . : / -", at: token)
        }
        return token.text
    }

    mutating func path() throws(CommandError) -> String {
        if let first = peek, first.text.hasPrefix("--") {
            throw error("missing file name before '\(first.text)'", at: first)
        }
        let token = try next("file name")
        guard let first = token.text.first, let last = token.text.last else { throw error("missing file name", at: token) }
        guard token.text.allSatisfy(Self.isFileNameCharacter), first != "-", first != " ", last != " " else {
            throw error("'\(ScriptText.escaped(token.text))' is not a usable file name: use letters, digits, _ . - + / and spaces (in quotes)",
                        at: token)
        }
        pathColumn = token.column
        return token.text
    }

    /// File names hold no character a shell or a terminal treats specially, so a saved
    /// script that names them is plain text. (A space only comes from a quoted word.)
    static func isFileNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_.-+/ ".contains(character)
    }

    mutating func expectEnd() throws(CommandError) {
        if let token = peek { throw error("unexpected '\(token.text)'", at: token) }
    }
}
