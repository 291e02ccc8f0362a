import SandboxCore

/// Flooding: the first time a node hears a rumour it re-broadcasts it, once, to every
/// other node it knows; later copies are ignored. A message a person sends
/// (`send n1 n9 news`) starts a rumour with that label; other messages (an echo node's
/// reply, say) are ignored, so mixed clusters cannot feed each other forever. With n
/// flood nodes one rumour costs about n² messages, which makes it a load generator for
/// the router.
public struct FloodBehaviour: Behaviour {
    /// A rumour being flooded; `label` names it.
    public struct Rumour: Payload, Hashable {
        public let label: String
        public init(label: String) { self.label = label }
    }

    /// Rumours this node has already re-broadcast (volatile: lost on a crash).
    public private(set) var seen: Set<String> = []

    public init() {}
    public var kind: String { "flood" }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        guard case .message(_, let payload) = input else { return }
        let rumour: Rumour
        if let heard = payload as? Rumour {
            rumour = heard
        } else if let told = payload as? UserMessage {
            rumour = Rumour(label: told.label)
        } else {
            return
        }
        guard seen.insert(rumour.label).inserted else { return }
        context.broadcast(rumour)
    }
}
