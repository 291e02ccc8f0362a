import ProtocolKit

/// Tab completion for declared forms: which words may come next after the words typed so
/// far, read from the parameters themselves (fixed words, nodes, events, word lists).
enum FormCompleter {
    /// What may follow `typed` in any of `forms`.
    static func choices(_ forms: [[Parameter]], typed: [String], nodes: [String]) -> Completer.Choices {
        var states = forms.flatMap { expand($0[...]) }
        for word in typed {
            states = states.filter { state in state.first.map { accepts($0, word) } ?? false }
                .flatMap { expand($0.dropFirst()) }
        }
        let next = states.compactMap(\.first)
        if next.contains(where: { if case .event = $0 { true } else { false } }) { return .events }
        var words: [String] = []
        for parameter in next {
            let offered: [String] = switch parameter {
            case .literal(let word): [word]
            case .node: nodes
            case .word(_, let choices): choices
            default: []
            }
            for word in offered where !words.contains(word) { words.append(word) }
        }
        return .words(words)
    }

    /// The ways a parameter list can go on, with optional and repeated parameters opened
    /// up so that each state begins with a plain parameter (or is empty).
    private static func expand(_ parameters: ArraySlice<Parameter>) -> [ArraySlice<Parameter>] {
        guard let first = parameters.first else { return [parameters] }
        let rest = parameters.dropFirst()
        switch first {
        case .optional(let group):
            return expand((group + rest)[...]) + expand(rest)
        case .repeated(let inner, let minimum):
            let again = [inner, .repeated(inner, minimum: 0)] + rest
            return minimum > 0 ? expand(again[...]) : expand(again[...]) + expand(rest)
        default:
            return [parameters]
        }
    }

    /// True when `word` could be what `parameter` stands for.
    private static func accepts(_ parameter: Parameter, _ word: String) -> Bool {
        let lowered = word.lowercased()
        switch parameter {
        case .literal(let literal): return lowered == literal
        case .node: return TokenCursor.looksLikeNode(word)
        case .event: return lowered.hasPrefix("e")
        case .number: return !word.isEmpty && word.allSatisfy { $0.isNumber || $0 == "-" }
        case .range: return word.contains("..")
        case .duration: return true
        case .word(_, let choices): return choices.isEmpty || choices.contains(lowered)
        case .repeated, .optional: return false  // opened up by expand
        }
    }
}
