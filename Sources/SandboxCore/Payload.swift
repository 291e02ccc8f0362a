/// The content of a message between nodes. Each behaviour defines its own payload types.
///
/// `label` is what the trace and every view show for the message, so it should be
/// short and say what the message is ("m1", "echo m1", "vote? t3").
public protocol Payload: Sendable {
    var label: String { get }
}

/// A message a person told a node to send (`send n1 n2 LABEL`): it carries only its label.
public struct UserMessage: Payload, Hashable {
    public let label: String
    public init(label: String) { self.label = label }
}
