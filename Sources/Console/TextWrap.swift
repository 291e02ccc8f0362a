/// Word wrapping for help and other prose the console prints, so it fits the terminal
/// (80 columns unless the prompt knows the terminal is wider).
enum TextWrap {
    /// `text` broken at spaces into lines of at most `width` characters where words allow
    /// (a longer word keeps its own line); lines after the first start with `indent`
    /// spaces, which count toward the width. The first line is `firstWidth` wide.
    static func lines(_ text: String, firstWidth: Int, width: Int, indent: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var limit = firstWidth
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
                limit = width - indent
            }
        }
        lines.append(current)
        let padding = String(repeating: " ", count: indent)
        return [lines[0]] + lines.dropFirst().map { padding + $0 }
    }

    /// Each line of `text` wrapped to `width`, its continuation lines indented two spaces
    /// more than the line itself.
    static func eachLine(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let indent = line.prefix { $0 == " " }.count
            return hanging(String(repeating: " ", count: indent), String(line.dropFirst(indent)), width: width, indent: indent + 2)
        }.joined(separator: "\n")
    }

    /// `prefix` followed by `text` wrapped to `width`, continuation lines indented to
    /// line up with where `text` starts (or by `indent`, when given).
    static func hanging(_ prefix: String, _ text: String, width: Int, indent: Int? = nil) -> String {
        let start = indent ?? prefix.count
        return prefix + lines(text, firstWidth: max(width - prefix.count, 20), width: width, indent: start).joined(separator: "\n")
    }
}
