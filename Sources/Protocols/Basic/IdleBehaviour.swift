import SandboxCore

/// A node with no protocol: it acts only when a person tells it to (`local`, `send`).
/// Messages it receives are recorded in the trace and otherwise ignored; this is the
/// node for clock and ordering labs.
public struct IdleBehaviour: Behaviour {
    public init() {}
    public var kind: String { "none" }
    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {}
}
