import SandboxCore

/// Why the simulation refused a request. A refused request changes nothing.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownNode(NodeID)
    case nodeExists(NodeID)
    case nodeCrashed(NodeID)
    case nodeNotCrashed(NodeID)
    case nodePaused(NodeID)
    case nodeNotPaused(NodeID)
    case alreadyIsolated(NodeID)
    case alreadyCut(DirectedLink)
    case selfLink(NodeID)
    case nodeTwiceInPartition(NodeID)
    case emptyPartition
    case tooManyNodes(limit: Int)
    case noEvents
    case notSynchronising(NodeID)
    /// The node's behaviour cannot take what a person gave it directly, and why.
    case refused(NodeID, String)
    /// A run would take virtual time past ``SimTime/latest``.
    case timeOverflow(now: SimTime, requested: SimDuration)

    public var description: String {
        switch self {
        case .unknownNode(let node): "unknown node \(node)"
        case .nodeExists(let node): "\(node) already exists"
        case .nodeCrashed(let node): "\(node) is crashed (restart it first)"
        case .nodeNotCrashed(let node): "\(node) is not crashed"
        case .nodePaused(let node): "\(node) is paused (resume it first)"
        case .nodeNotPaused(let node): "\(node) is not paused"
        case .alreadyIsolated(let node): "\(node) is already isolated"
        case .alreadyCut(let link): "\(link) is already cut"
        case .selfLink(let node): "this needs two different nodes, not \(node) twice"
        case .nodeTwiceInPartition(let node): "\(node) appears twice in the partition"
        case .emptyPartition: "a partition needs at least one node in every group"
        case .tooManyNodes(let limit): "node ids go up to n\(limit)"
        case .noEvents: "nothing to do: no events are pending"
        case .notSynchronising(let node): "\(node) is not synchronising its clock"
        case .refused(let node, let reason): "\(node) cannot do that: \(reason)"
        case .timeOverflow(let now, let requested):
            "running \(requested) from \(now) would pass the last instant virtual time can reach, "
                + "\(SimTime.latest) (\(SimTime.latest - now) are left); nothing was run"
        }
    }

    /// The node the error is about, so a console can point at the word that named it.
    public var node: NodeID? {
        switch self {
        case .unknownNode(let node), .nodeExists(let node), .nodeCrashed(let node), .nodeNotCrashed(let node),
             .nodePaused(let node), .nodeNotPaused(let node), .alreadyIsolated(let node), .selfLink(let node),
             .nodeTwiceInPartition(let node), .notSynchronising(let node), .refused(let node, _):
            node
        case .alreadyCut(let link): link.from
        case .emptyPartition, .tooManyNodes, .noEvents, .timeOverflow: nil
        }
    }
}
