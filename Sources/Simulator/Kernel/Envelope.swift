import SandboxCore

/// A message in flight: what the router scheduled for delivery.
public struct Envelope: Sendable {
    public let from: NodeID
    public let to: NodeID
    public let payload: any Payload
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

/// One entry of the event heap. Ordered by (time, sequence): events at the same instant
/// run in the order they were scheduled.
struct ScheduledEvent: Comparable, Sendable {
    enum Action: Sendable {
        case deliver(Envelope)
        case timer(node: NodeID, name: String, generation: UInt64)
        case resume(node: NodeID, pauseToken: UInt64)
    }

    let time: SimTime
    let sequence: UInt64
    let action: Action

    static func < (lhs: ScheduledEvent, rhs: ScheduledEvent) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
    }

    static func == (lhs: ScheduledEvent, rhs: ScheduledEvent) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}
