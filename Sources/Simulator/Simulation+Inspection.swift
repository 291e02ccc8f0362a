import SandboxCore

/// One node as `show nodes` and `show clocks` see it.
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
                armedTimers: snapshot.armedTimers, waiting: snapshot.waiting))
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
