import SandboxCore

/// The simulation kernel and its facade: virtual time, the event heap, the nodes, the
/// router and the trace. Consoles and tests drive it; nothing inside it reads real
/// time or unseeded randomness.
///
/// The driver pops one event at a time in (time, sequence) order and awaits the one
/// node it concerns; every node shares this actor's serial executor, so Swift's
/// scheduler never chooses an order. Same seed and same calls give the same trace.
public actor Simulation {
    /// The session seed every random stream derives from.
    public nonisolated let seed: UInt64
    nonisolated let executor: SimulationExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The current virtual time.
    @exclusivity(unchecked)
    public internal(set) var now: SimTime = .zero
    @exclusivity(unchecked)
    var queue = EventQueue<ScheduledAction>()
    /// Node actors indexed by raw id (index 0 unused); nil where no node has that id.
    @exclusivity(unchecked)
    var actors: [NodeActor?] = [nil]
    /// The driver's bookkeeping per node, indexed like `actors`.
    @exclusivity(unchecked)
    var ledgers: [NodeLedger] = [NodeLedger()]
    /// Every node, in id order.
    @exclusivity(unchecked)
    public internal(set) var members: [NodeID] = []
    @exclusivity(unchecked)
    public internal(set) var router = Router()
    @exclusivity(unchecked)
    public internal(set) var trace: TraceStore
    /// With no trace window, a run stops once the trace holds this many events (about
    /// 64 bytes each), before the machine runs out of memory; `trace window COUNT`
    /// lifts it by keeping only the newest events.
    public internal(set) var traceCeiling = Simulation.defaultTraceCeiling
    /// The default ``traceCeiling``: more than any shipped session or benchmark records.
    public static let defaultTraceCeiling = 5_000_000
    var messageLabels = 0
    var localLabels = 0
    /// True once a command that can move a wall clock away from true time has run
    /// (`skew`, `clock … step`, `drift`, `ntp`): from then on event lines show wall-clock
    /// readings. It follows commands, not events, so a replay whose listings are cut
    /// differently (a live stretch becomes one `run`) shows the same columns.
    public internal(set) var clocksMayDiffer = false
    /// The invariant monitors, each checked after every event, by name, in the order they
    /// were added (so violations and `check` come out in a fixed order).
    var monitors: [(name: String, monitor: any InvariantMonitor)] = []
    /// Every invariant violation found so far.
    public internal(set) var violations: [InvariantViolation] = []
    /// Messages dropped since the session began.
    @exclusivity(unchecked)
    public internal(set) var droppedMessages = 0

    public init(seed: UInt64, traceWindow: Int? = nil) {
        self.seed = seed
        self.executor = SimulationExecutor()
        self.trace = TraceStore(window: traceWindow)
    }

    // MARK: - Nodes

    /// The driver's side of a node: the instrumentation the trace needs (Lamport and
    /// vector counters, the last process event) and the node's network random stream.
    struct NodeLedger {
        var lamport = 0
        var sequence = 0
        var lastProcessEvent: EventID?
        var networkRandom = SeededRandom(seed: 0)
    }

    func actor(_ node: NodeID) throws(SimulationError) -> NodeActor {
        guard node.rawValue < actors.count, let actor = actors[node.rawValue] else { throw .unknownNode(node) }
        return actor
    }

    func exists(_ node: NodeID) -> Bool { node.rawValue < actors.count && actors[node.rawValue] != nil }

    /// The next `count` unused ids above every existing one.
    public func freshIDs(_ count: Int) throws(SimulationError) -> [NodeID] {
        let first = (members.last?.rawValue ?? 0) + 1
        guard count >= 0, first + count - 1 <= NodeID.maximumRawValue else {
            throw .tooManyNodes(limit: NodeID.maximumRawValue)
        }
        return (0..<count).map { NodeID(first + $0) }
    }

    // MARK: - Scheduling

    /// Schedules `action` at `time`, or now if `time` has passed: virtual time never
    /// runs backwards.
    func schedule(_ action: ScheduledAction, at time: SimTime) {
        queue.insert(action, at: max(time, now))
    }

    /// How many events wait (including timers that will turn out stale).
    public var pendingCount: Int { queue.count }

    /// The time of the next pending event, if any.
    public var nextEventTime: SimTime? { queue.nextTime }

    // MARK: - Recording

    /// Records a process event (local, send, deliver, timer, request) at `node`, advancing its
    /// Lamport clock (max with the message's for a deliver, then +1) and its own vector
    /// entry (+1).
    @discardableResult
    func recordProcessEvent(_ kind: EventKind, at node: NodeID, wallClock: Int64, peer: NodeID? = nil,
                            label: String, message: (send: EventID, lamport: Int)? = nil) -> (id: EventID, lamport: Int) {
        let index = node.rawValue
        let lamport = max(ledgers[index].lamport, message?.lamport ?? 0) + 1
        let sequence = ledgers[index].sequence + 1
        let id = trace.append(
            time: now, node: node, kind: kind, peer: peer, wallClock: wallClock,
            lamport: lamport, sequence: sequence, localParent: ledgers[index].lastProcessEvent,
            messageParent: message?.send, label: label)
        ledgers[index].lamport = lamport
        ledgers[index].sequence = sequence
        ledgers[index].lastProcessEvent = id
        return (id, lamport)
    }

    /// Records a fault, setting or note at `node`: it shows the node's current Lamport
    /// clock and hangs from its last process event, but advances nothing.
    @discardableResult
    func recordNodeEvent(_ kind: EventKind, at node: NodeID, wallClock: Int64?, label: String = "",
                         peer: NodeID? = nil) -> EventID {
        let index = node.rawValue
        return trace.append(
            time: now, node: node, kind: kind, peer: peer, wallClock: wallClock,
            lamport: ledgers[index].lamport, localParent: ledgers[index].lastProcessEvent, label: label)
    }

    /// Records the router's decision about one message (a drop or a duplicate): it carries
    /// the message's Lamport time and hangs from its send.
    func recordMessageEvent(_ kind: EventKind, at node: NodeID, peer: NodeID, wallClock: Int64?,
                            send: EventID, lamport: Int, label: String, reason: DropReason? = nil) {
        if kind == .drop { droppedMessages += 1 }
        trace.append(
            time: now, node: node, kind: kind, peer: peer, wallClock: wallClock,
            lamport: lamport, messageParent: send, label: label, dropReason: reason)
    }

    /// Records a network-wide change (partition, heal, settings).
    func recordNetworkEvent(_ kind: EventKind, label: String) {
        trace.append(time: now, node: nil, kind: kind, lamport: 0, label: label)
    }

    // MARK: - Trace access

    /// Kept events recorded after `id` (all when nil).
    public func events(after id: EventID?) -> [TraceEvent] { trace.events(after: id) }

    /// Keeps only the newest `window` events from now on (nil keeps all).
    public func setTraceWindow(_ window: Int?) { trace.setWindow(window) }

    /// Sets the event count at which a run with no trace window stops.
    public func setTraceCeiling(_ ceiling: Int) { traceCeiling = max(ceiling, 1) }

    /// Kept events with ids in `range`.
    public func events(in range: ClosedRange<Int>) -> [TraceEvent] { trace.events(in: range) }

    /// A label for a message a person sends without naming it: m1, m2, …
    func nextMessageLabel() -> String {
        messageLabels += 1
        return "m\(messageLabels)"
    }

    /// A label for a local event a person records without naming it: l1, l2, …
    func nextLocalLabel() -> String {
        localLabels += 1
        return "l\(localLabels)"
    }
}
