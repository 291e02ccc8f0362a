import SandboxCore

/// Replies to every message it receives with `echo LABEL`, sent back to the sender.
/// Replies are never echoed, so two echo nodes do not bounce a message forever.
public struct EchoBehaviour: Behaviour {
    /// The reply an echo node sends.
    public struct Reply: Payload, Hashable {
        public let original: String
        public let label: String
        public init(original: String) {
            self.original = original
            self.label = "echo " + original
        }
    }

    public init() {}
    public var kind: String { "echo" }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        guard case .message(let sender, let payload) = input, !(payload is Reply) else { return }
        context.send(Reply(original: payload.label), to: sender)
    }
}
