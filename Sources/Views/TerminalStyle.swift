import Simulator

/// Whether text is decorated with ANSI colours. Colour is for a person at a terminal
/// only: transcripts, files and goldens are always ``plain``.
public enum TerminalStyle: Sendable, Equatable {
    case plain
    case ansi

    /// Colour when standard output is a terminal and `NO_COLOR` is not set
    /// (https://no-color.org).
    public static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty ? .ansi : .plain
    }

    /// `text` in the colour that marks events of `kind` (faults, drops, repairs), if any.
    public func paint(_ text: String, as kind: EventKind) -> String {
        guard self == .ansi, let code = Self.code(for: kind) else { return text }
        return "\u{1B}[\(code)m" + text + "\u{1B}[0m"
    }

    /// `text` in red, for errors.
    public func error(_ text: String) -> String {
        self == .ansi ? "\u{1B}[31m" + text + "\u{1B}[0m" : text
    }

    static func code(for kind: EventKind) -> String? {
        switch kind {
        case .drop: "31"                                  // red: a message lost
        case .crash: "1;31"                               // bold red: a node lost
        case .duplicate, .pause: "33"                     // yellow: trouble that heals itself
        case .restart, .resume, .heal: "32"               // green: repair
        case .partition, .isolate, .cut: "35"             // magenta: the network broken
        case .skew, .drift, .network: "34"                // blue: settings
        case .note: "2"                                   // dim: narration
        case .local, .send, .deliver, .timer, .request, .reply, .spawn: nil
        }
    }
}
