import SandboxCore

/// One option a protocol accepts after `spawn N NAME`: a bare word (`prevote`) or a
/// `word=VALUE` setting, declared once and read by the parser, completion and help.
public struct SpawnOption: Sendable, Equatable {
    /// What may follow `word=`.
    public enum Value: Sendable, Equatable {
        /// A bare word, no value.
        case flag
        /// One of these words (`noop=off`).
        case choice([String])
        /// A positive duration (`heartbeat=50ms`).
        case duration
        /// `MIN..MAX`, two positive durations in order (`election=150ms..300ms`).
        case durationRange
    }

    public let word: String
    public let value: Value
    public let summary: String
    /// A value to show when one is written wrong (`150ms..300ms`).
    public let example: String?

    public init(_ word: String, _ value: Value = .flag, summary: String, example: String? = nil) {
        self.word = word
        self.value = value
        self.summary = summary
        self.example = example
    }

    /// How `help spawn` writes it: `prevote`, `noop=on|off`, `heartbeat=DURATION`.
    public var usage: String {
        switch value {
        case .flag: word
        case .choice(let words): word + "=" + words.joined(separator: "|")
        case .duration: word + "=DURATION"
        case .durationRange: word + "=MIN..MAX"
        }
    }

    /// What completion offers for it: the bare word, or `word=`.
    public var completion: String { value == .flag ? word : word + "=" }
}

/// One option as parsed, checked against its declaration.
public enum SpawnOptionValue: Sendable, Equatable {
    case flag
    case choice(String)
    case duration(SimDuration)
    case durationRange(ClosedRange<SimDuration>)
}

/// The options given to one `spawn`, in the order written.
public struct SpawnOptions: Sendable, Equatable {
    /// One option as written and as read.
    public struct Given: Sendable, Equatable {
        /// The option as written (`Heartbeat=50ms`), for errors that point at it.
        public let text: String
        public let word: String
        public let value: SpawnOptionValue

        public init(text: String, word: String, value: SpawnOptionValue) {
            self.text = text
            self.word = word
            self.value = value
        }
    }

    public let given: [Given]

    public init(_ given: [Given] = []) { self.given = given }

    /// The last value given for `word`, if any.
    public func value(of word: String) -> SpawnOptionValue? { given.last { $0.word == word }?.value }
    public func isSet(_ word: String) -> Bool { value(of: word) != nil }
    public func choice(of word: String) -> String? { if case .choice(let choice)? = value(of: word) { choice } else { nil } }
    public func duration(of word: String) -> SimDuration? { if case .duration(let value)? = value(of: word) { value } else { nil } }
    public func durationRange(of word: String) -> ClosedRange<SimDuration>? {
        if case .durationRange(let range)? = value(of: word) { range } else { nil }
    }
    /// Every value given for `word`, in order (a choice option may be given several times).
    public func choices(of word: String) -> [String] {
        given.compactMap { option in
            guard option.word == word, case .choice(let choice) = option.value else { return nil }
            return choice
        }
    }
}

extension SpawnOption {
    /// Reads `text` (`prevote`, `heartbeat=50ms`) against `declared`; the error says what
    /// is wrong with it.
    public static func parse(_ text: String, declared: [SpawnOption], protocolName: String)
        throws(BehaviourOptionError) -> SpawnOptions.Given {
        let parts = text.lowercased().split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let option = declared.first(where: { $0.word == parts[0] }) else {
            let known = declared.isEmpty ? "\(protocolName) takes no options"
                : "\(protocolName) options: " + declared.map(\.usage).joined(separator: ", ")
            throw BehaviourOptionError(option: text, message: known)
        }
        let problem = BehaviourOptionError(option: text, message: "write it as \(option.usage)"
            + (option.example.map { ", e.g. \(option.word)=\($0)" } ?? ""))
        switch option.value {
        case .flag:
            guard parts.count == 1 else { throw problem }
            return SpawnOptions.Given(text: text, word: option.word, value: .flag)
        case .choice(let words):
            guard parts.count == 2, words.contains(parts[1]) else { throw problem }
            return SpawnOptions.Given(text: text, word: option.word, value: .choice(parts[1]))
        case .duration:
            guard parts.count == 2, case .success(let duration) = DurationParser.parse(parts[1]), duration.microseconds > 0
            else { throw problem }
            return SpawnOptions.Given(text: text, word: option.word, value: .duration(duration))
        case .durationRange:
            guard parts.count == 2, let dots = parts[1].firstRange(of: ".."),
                  case .success(let low) = DurationParser.parse(parts[1][..<dots.lowerBound]),
                  case .success(let high) = DurationParser.parse(parts[1][dots.upperBound...]),
                  low.microseconds > 0, low <= high
            else { throw problem }
            return SpawnOptions.Given(text: text, word: option.word, value: .durationRange(low...high))
        }
    }
}

/// A behaviour option that is not understood, and why.
public struct BehaviourOptionError: Error, Equatable, Sendable {
    /// The option as written.
    public let option: String
    public let message: String

    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }
}
