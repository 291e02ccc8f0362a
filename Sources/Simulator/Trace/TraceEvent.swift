import SandboxCore

/// One event of the trace, as views and exports see it.
///
/// Causality is kept as parents, not as vectors: `localParent` is the node's previous
/// process event and `messageParent` the send that a deliver (or a drop or duplicate)
/// belongs to. Vector timestamps are derived from these on demand (see
/// ``TraceStore/vector(of:)``), so recording an event costs O(1) whatever the cluster size.
public struct TraceEvent: Sendable, Equatable {
    public var id: EventID
    public var time: SimTime
    /// The node the event happened at; nil for network-wide events (partition, heal, …).
    public var node: NodeID?
    public var kind: EventKind
    /// The other end of a send, deliver, drop or duplicate.
    public var peer: NodeID?
    /// The node's wall-clock reading when the event happened.
    public var wallClock: Int64?
    /// The node's Lamport clock after the event (for drops and duplicates: the message's).
    public var lamport: Int
    /// The node's own vector entry after the event; 0 for events that are not process events.
    public var sequence: Int
    public var localParent: EventID?
    public var messageParent: EventID?
    /// The LABEL given to `local`/`send`, a message's label, or the text of a note or setting.
    public var label: String
    public var dropReason: DropReason?

    public init(id: EventID, time: SimTime, node: NodeID?, kind: EventKind, peer: NodeID? = nil,
                wallClock: Int64? = nil, lamport: Int = 0, sequence: Int = 0,
                localParent: EventID? = nil, messageParent: EventID? = nil,
                label: String = "", dropReason: DropReason? = nil) {
        self.id = id
        self.time = time
        self.node = node
        self.kind = kind
        self.peer = peer
        self.wallClock = wallClock
        self.lamport = lamport
        self.sequence = sequence
        self.localParent = localParent
        self.messageParent = messageParent
        self.label = label
        self.dropReason = dropReason
    }

    /// The causal parents, local first.
    public var parents: [EventID] { [localParent, messageParent].compactMap { $0 } }
}
