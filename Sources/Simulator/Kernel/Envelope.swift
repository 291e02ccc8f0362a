import SandboxCore

/// A message in flight: what the router scheduled for delivery.
public struct Envelope: Sendable {
    public let from: NodeID
    public let to: NodeID
    public let payload: any Payload
    /// `payload.label`, read once when the message was sent.
    public let label: String
    /// The send event this message belongs to (its causal parent at the receiver).
    public let sendEvent: EventID
    /// The sender's Lamport clock after the send, carried in the message.
    public let lamport: Int
}

/// A timer a node armed, in true time: the driver schedules it, the node checks on
/// firing that it is still the current arming of that name.
struct TimerRequest: Sendable {
    let name: String
    let generation: UInt64
    let fireAt: SimTime
}

/// Work a paused node could not do yet; it is handed back on resume.
enum DeferredWork: Sendable {
    case message(Envelope)
    case timer(name: String, generation: UInt64)
}

/// What the driver does when a scheduled event comes due.
enum ScheduledAction: Sendable {
    case deliver(Envelope)
    case timer(node: NodeID, name: String, generation: UInt64)
    case resume(node: NodeID, pauseToken: UInt64)
}
