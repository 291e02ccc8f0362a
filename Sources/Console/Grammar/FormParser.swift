import ProtocolKit
import SandboxCore

/// Parses the words after a command against the forms a protocol declared: the first
/// form that reads the whole line wins. When none does, the error is the one from the
/// form that read furthest, so it points where the line stops making sense.
enum FormParser {
    /// What one form made of the line.
    struct Match<Meaning: Sendable> {
        let index: Int
        let form: CommandForm<Meaning>
        let arguments: Arguments
    }

    static func parse<Meaning>(_ forms: [CommandForm<Meaning>], _ cursor: inout TokenCursor) throws(CommandError) -> Match<Meaning> {
        var best: (error: CommandError, consumed: Int)?
        let start = cursor.consumed
        for (index, form) in forms.enumerated() {
            var attempt = cursor
            var reader = Reader()
            do throws(CommandError) {
                try reader.read(form.parameters, &attempt)
                try attempt.expectEnd()
                let arguments = Arguments(reader.values)
                if let problem = form.validate(arguments) {
                    let column = problem.argument.map { reader.columns[$0] }
                    throw CommandError(column: column ?? attempt.endColumn, message: problem.message, usage: cursor.usage)
                }
                cursor = attempt
                return Match(index: index, form: form, arguments: arguments)
            } catch {
                // A form that stumbled on its own first fixed word was never what was meant.
                let consumed = reader.stoppedAt ?? attempt.consumed
                if best == nil || consumed > best!.consumed { best = (error, consumed) }
            }
        }
        let leading = forms.compactMap { form -> String? in if case .literal(let word)? = form.parameters.first { word } else { nil } }
        if let best, best.consumed <= start, leading.count == forms.count, forms.count > 1 {
            let choices = leading.joined(separator: " or ")
            guard let token = cursor.peek else { throw cursor.error("missing \(choices)") }
            let close = CommandCatalog.closest(to: token.text, among: leading)
            let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
            throw cursor.error("expected \(choices), got '\(token.text)'\(hint)", at: token)
        }
        throw best?.error ?? cursor.error("nothing to parse")
    }

    /// Reads parameters one by one, keeping each value and the column it came from.
    private struct Reader {
        var values: [Argument] = []
        var columns: [Int] = []
        /// Where a fixed word failed to match, for ranking the forms.
        var stoppedAt: Int?

        mutating func read(_ parameters: [Parameter], _ cursor: inout TokenCursor) throws(CommandError) {
            for parameter in parameters { try read(parameter, &cursor) }
        }

        mutating func read(_ parameter: Parameter, _ cursor: inout TokenCursor) throws(CommandError) {
            let column = cursor.peek?.column ?? cursor.endColumn
            switch parameter {
            case .literal(let word):
                guard cursor.accept(word) else {
                    stoppedAt = cursor.consumed
                    _ = try cursor.keyword(word, from: [word])
                    return
                }
                keep(.word(word), column)
            case .node: keep(.node(try cursor.node()), column)
            case .event: keep(.event(try cursor.event()), column)
            case .number(let name, let range): keep(.number(try cursor.count(name.lowercased(), range: range)), column)
            case .range(let name, let minimum): keep(.range(try Self.range(name, minimum: minimum, &cursor)), column)
            case .duration: keep(.duration(try cursor.duration()), column)
            case .word(let name, let choices):
                keep(.word(choices.isEmpty ? try cursor.label() : try cursor.keyword(name.lowercased(), from: choices)), column)
            case .repeated(let inner, let minimum):
                var count = 0
                while !cursor.isAtEnd || count < minimum {
                    try read(inner, &cursor)
                    count += 1
                }
            case .optional(let group):
                guard !cursor.isAtEnd else { return }
                // An optional group that begins with a fixed word is there only if that word is.
                if case .literal(let word)? = group.first, cursor.peek?.text.lowercased() != word { return }
                try read(group, &cursor)
            }
        }

        private mutating func keep(_ value: Argument, _ column: Int) {
            values.append(value)
            columns.append(column)
        }

        /// `LOW..HIGH`, both whole numbers, LOW at least `minimum`, HIGH not below LOW.
        static func range(_ name: String, minimum: Int, _ cursor: inout TokenCursor) throws(CommandError) -> ClosedRange<Int> {
            let token = try cursor.next(name.lowercased())
            let bounds = token.text.components(separatedBy: "..")
            guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]),
                  bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { throw cursor.error("'\(token.text)' is not a range; write e.g. 100..120", at: token) }
            guard low >= minimum else { throw cursor.error("'\(token.text)': ranges start at \(minimum)", at: token) }
            guard high >= low else { throw cursor.error("'\(token.text)': the range ends before it starts", at: token) }
            return low...high
        }
    }
}
