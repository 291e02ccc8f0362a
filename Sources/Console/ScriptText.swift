import Foundation

/// How every reader and writer of scripts treats their text: which bytes make a script,
/// where lines end, which characters a command may hold, how a line is saved, and how
/// script text is shown on a terminal.
public enum ScriptText {
    /// Splits at `\n`, `\r\n` or `\r` only, keeping empty lines (they are echoed),
    /// without a phantom line after a final newline. Other Unicode line separators
    /// (U+2028, U+2029, U+0085, vertical tab, form feed) do not end a line: a line
    /// typed at the prompt is one line on replay too; ``problem(in:)`` refuses them.
    public static func lines(of text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The largest script dsbox reads.
    static let sizeLimit = 16 << 20

    /// The text of a script file: UTF-8 without NUL bytes, a byte-order mark at the start
    /// ignored. The error names the file but never shows what it holds.
    public static func decode(_ data: Data, name: String) throws(FileProblem) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) { throw FileProblem("\(name) is not a dsbox script (it holds binary data)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileProblem("\(name) is not a dsbox script (it is not UTF-8 text)")
        }
        return text
    }

    /// Characters a command may not hold: control characters other than tab, and
    /// Unicode line and paragraph separators. (In a comment they are shown escaped.)
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The error for a line whose command part (before `#`) holds a forbidden character.
    public static func problem(in line: String) -> CommandError? {
        for (offset, character) in line.enumerated() {
            if character == "#" { return nil }
            if let bad = character.unicodeScalars.first(where: isForbidden) {
                return CommandError(column: offset + 1,
                                    message: "\(escaped(String(bad))) (a control character or line separator) cannot be part of a command")
            }
        }
        return nil
    }

    /// `text` with every control character, line separator and bidirectional override
    /// except newline and tab written as `\u{1B}`, so script text printed on a
    /// terminal cannot move the cursor, set the title or write the clipboard.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && isForbidden($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar != "\n", isForbidden(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A command line as `save` and `record` write it: its words joined by one space,
    /// comments dropped, a word with spaces (a file name) in double quotes. Words
    /// cannot hold `#`, quotes or shell characters (labels and file names are checked
    /// by the parser), so a saved script holds no text a shell would run, and it
    /// replays exactly as the line did.
    public static func canonical(_ line: String) -> String {
        var text = ""
        var previous: Token?
        for token in Tokenizer.tokens(of: line) {
            let word = token.text.contains(" ") || token.text.isEmpty ? "\"" + token.text + "\"" : token.text
            // `||` (concurrent, in `expect order`) stays one word, as typed.
            let joined = previous.map { $0.text == "|" && token.text == "|" && token.column == $0.column + 1 } ?? false
            text += (previous == nil || joined ? "" : " ") + word
            previous = token
        }
        return text
    }
}

/// Reading a script file the way `dsbox run` and `load` do.
public enum ScriptFile {
    /// The text of the script at `url` (a regular file, UTF-8, no NUL bytes, at most
    /// 16 MB); `name` is how the person wrote it, for the error.
    public static func read(_ url: URL, name: String, lookedIn: String = "") throws(FileProblem) -> String {
        try ScriptText.decode(try SafeFile.read(url, name: name, limit: ScriptText.sizeLimit, lookedIn: lookedIn), name: name)
    }
}
