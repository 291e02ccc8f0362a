import SandboxCore

/// A command a protocol adds to the prompt (`raft log NODE TERM...`): its word, what it
/// is for, and its forms, each turning parsed arguments into an action on one node.
public struct ProtocolCommand: Sendable {
    /// Turns the arguments of one form into what the command does.
    public typealias Meaning = @Sendable (Arguments) -> ProtocolAction

    public let word: String
    /// The `help` group it is listed in.
    public let group: String
    public let summary: String
    public let example: String
    public let forms: [CommandForm<Meaning>]

    public init(word: String, group: String = "actions", summary: String, example: String, forms: [CommandForm<Meaning>]) {
        self.word = word
        self.group = group
        self.summary = summary
        self.example = example
        self.forms = forms
    }

    /// Each form's usage line.
    public var usage: [String] { forms.map { $0.usage(after: word) } }
}

/// What a protocol's command asks of the simulation: an input handed to one node.
public enum ProtocolAction: Sendable, Equatable {
    /// An instructor's edit of a node's state to set up an exercise (not part of the
    /// protocol; the behaviour may refuse it).
    case setUp(NodeID, ClientRequest)
    /// A client's request, handed to the node directly.
    case ask(NodeID, ClientRequest)
}
