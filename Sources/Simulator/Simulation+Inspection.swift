import SandboxCore

/// One node as `show nodes` and `show clocks` see it. Equality compares everything but
/// the behaviour copy.
public struct NodeReport: Sendable, Equatable {
    public let id: NodeID
    public let kind: String
    public let status: NodeStatus
    public let wallClock: Int64
    public let monotonicClock: Int64
    /// Wall clock minus true time.
    public let offset: Int64
    public let driftPPM: Int64
    public let lamport: Int
    /// Process events so far (the node's own vector entry).
    public let processEvents: Int
    public let armedTimers: Int
    /// Inputs waiting while the node is paused.
    public let waiting: Int
    /// A copy of the node's behaviour state, for views that know the behaviour (the
    /// node's inspection interface); nil while the node is crashed.
    public let behaviour: (any Behaviour)?

    public static func == (lhs: NodeReport, rhs: NodeReport) -> Bool {
        (lhs.id, lhs.kind, lhs.status, lhs.wallClock) == (rhs.id, rhs.kind, rhs.status, rhs.wallClock)
            && (lhs.monotonicClock, lhs.offset, lhs.driftPPM) == (rhs.monotonicClock, rhs.offset, rhs.driftPPM)
            && (lhs.lamport, lhs.processEvents, lhs.armedTimers, lhs.waiting)
            == (rhs.lamport, rhs.processEvents, rhs.armedTimers, rhs.waiting)
    }
}

extension Simulation {
    /// Every node, in id order.
    public func nodeReports() async -> [NodeReport] {
        var reports: [NodeReport] = []
        for id in members {
            let actor = actors[id.rawValue]!, ledger = ledgers[id.rawValue]
            let snapshot = await actor.snapshot()
            reports.append(NodeReport(
                id: id, kind: actor.kind, status: snapshot.status,
                wallClock: snapshot.clock.wall(at: now), monotonicClock: snapshot.clock.monotonic(at: now),
                offset: snapshot.clock.offset(at: now), driftPPM: snapshot.clock.driftPPM,
                lamport: ledger.lamport, processEvents: ledger.sequence,
                armedTimers: snapshot.armedTimers, waiting: snapshot.waiting, behaviour: snapshot.behaviour))
        }
        return reports
    }

    /// The status of one node.
    public func status(of node: NodeID) async throws(SimulationError) -> NodeStatus {
        await (try actor(node)).status
    }

    /// True when `node` exists.
    public func hasNode(_ node: NodeID) -> Bool { exists(node) }
}

extension Simulation {
    /// The newest event's id, if any (cheaper than copying the trace).
    public var lastEventID: EventID? { trace.lastID }

    /// True before anything has happened: no nodes, no events, time 0.
    public var isPristine: Bool { trace.totalRecorded == 0 && now == .zero && members.isEmpty }
}
