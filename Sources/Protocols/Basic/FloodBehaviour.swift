import SandboxCore

/// Flooding: the first time a node hears a rumour it re-broadcasts it, once, to every
/// other node it knows; later copies are ignored. Any message that is not already a
/// rumour starts one, labelled with the message's label. With n nodes one rumour costs
/// about n² messages, which makes it a load generator for the router.
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
        let rumour = (payload as? Rumour) ?? Rumour(label: payload.label)
        guard seen.insert(rumour.label).inserted else { return }
        for member in context.members where member != context.me {
            context.send(rumour, to: member)
        }
    }
}
