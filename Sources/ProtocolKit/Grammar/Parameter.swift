import SandboxCore

/// One place in a command line a protocol declares: a fixed word, or a typed value.
/// The console parses, completes and documents every declared command from these, so a
/// protocol never writes a parser, a completer or a usage line by hand.
public indirect enum Parameter: Sendable, Equatable {
    /// A fixed word, such as `log` in `raft log NODE TERM...`.
    case literal(String)
    /// An existing node's id (`n3`); the name is what the usage line shows (`NODE`).
    case node(String)
    /// An event id (`e7`).
    case event(String)
    /// A whole number within `range`.
    case number(String, ClosedRange<Int>)
    /// Two whole numbers written `LOW..HIGH`, `LOW` at least `minimum`, in order.
    case range(String, minimum: Int)
    /// A duration (`20ms`).
    case duration(String)
    /// A word: one of `choices` when there are any, else any label (letters, digits, `_.:/-`).
    case word(String, choices: [String] = [])
    /// The parameter once or more (`minimum` 1) or any number of times (`minimum` 0), up
    /// to the end of the line.
    case repeated(Parameter, minimum: Int)
    /// The parameters, all or none.
    case optional([Parameter])

    /// The parameter as a usage line writes it: `log`, `NODE`, `TERM...`, `[to INDEX]`.
    public var usage: String {
        switch self {
        case .literal(let word): word
        case .node(let name), .event(let name), .number(let name, _), .duration(let name): name
        case .range(let name, _): name
        case .word(let name, let choices): choices.isEmpty ? name : choices.joined(separator: "|")
        case .repeated(let parameter, let minimum): minimum == 0 ? "[\(parameter.usage)...]" : "\(parameter.usage)..."
        case .optional(let parameters): "[" + parameters.map(\.usage).joined(separator: " ") + "]"
        }
    }
}

/// One way to write a command (or a `show` view, or an `expect` claim): its parameters
/// after the command word, and what it means once parsed.
public struct CommandForm<Meaning: Sendable>: Sendable {
    public let parameters: [Parameter]
    /// Checks what was parsed beyond each value's own type (a range that ends before it
    /// starts, say); nil when it is fine.
    public let validate: @Sendable (Arguments) -> ArgumentProblem?
    public let meaning: Meaning

    public init(_ parameters: [Parameter], validate: @escaping @Sendable (Arguments) -> ArgumentProblem? = { _ in nil },
                meaning: Meaning) {
        self.parameters = parameters
        self.validate = validate
        self.meaning = meaning
    }

    /// The form's parameters as a usage line writes them, after `prefix` (the command word).
    public func usage(after prefix: String) -> String {
        ([prefix] + parameters.map(\.usage)).joined(separator: " ")
    }
}

/// A value parsed from a command line, in the order the line gives them.
public enum Argument: Sendable, Equatable {
    case node(NodeID)
    case event(EventID)
    case number(Int)
    case range(ClosedRange<Int>)
    case duration(SimDuration)
    /// A word, or a fixed word of the form (literals are kept, so a form can tell its
    /// optional parts apart).
    case word(String)
}

/// The values of one parsed command, with typed views of them.
public struct Arguments: Sendable, Equatable {
    /// Every value, in line order, fixed words included.
    public let values: [Argument]

    public init(_ values: [Argument]) { self.values = values }

    /// The nodes named, in order.
    public var nodes: [NodeID] { values.compactMap { if case .node(let node) = $0 { node } else { nil } } }
    public var events: [EventID] { values.compactMap { if case .event(let event) = $0 { event } else { nil } } }
    public var numbers: [Int] { values.compactMap { if case .number(let number) = $0 { number } else { nil } } }
    public var ranges: [ClosedRange<Int>] { values.compactMap { if case .range(let range) = $0 { range } else { nil } } }
    public var durations: [SimDuration] { values.compactMap { if case .duration(let duration) = $0 { duration } else { nil } } }
    /// The words, fixed words of the form included, in order.
    public var words: [String] { values.compactMap { if case .word(let word) = $0 { word } else { nil } } }

    /// True when the fixed or free word `word` was written.
    public func contains(word: String) -> Bool { words.contains(word) }
}

/// What is wrong with parsed arguments: a message, and which value (an index into
/// ``Arguments/values``) to point at; nil points at the end of the line.
public struct ArgumentProblem: Error, Sendable, Equatable {
    public let message: String
    public let argument: Int?

    public init(_ message: String, at argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}
