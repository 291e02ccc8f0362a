import SandboxCore

/// Replies to every message it receives with `echo LABEL`, sent back to the sender.
/// Replies are never echoed, so two echo nodes do not bounce a message forever.
public struct EchoBehaviour: Behaviour {
    /// The reply an echo node sends.
    public struct Reply: Payload, Hashable {
        /// `echo LABEL`. The only stored field, so a reply fits in an existential's
        /// inline buffer and sending one allocates nothing.
        public let label: String
        /// The label of the message this replies to.
        public var original: String { String(label.dropFirst(Self.prefix.count)) }
        static let prefix = "echo "
        public init(original: String) { label = Self.prefix + original }
    }

    public init() {}
    public var kind: String { "echo" }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        guard case .message(let sender, let payload) = input, !(payload is Reply) else { return }
        context.send(Reply(original: payload.label), to: sender)
    }
}
