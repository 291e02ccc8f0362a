import SandboxCore

/// The simulated network: decides for each message whether it arrives, when, and how
/// many times. It owns every network fault (partitions, isolation, one-way cuts,
/// loss, duplication, per-link rules) and draws all randomness from the sender's
/// network stream, so the decisions replay exactly.
public struct Router: Sendable {
    /// The rule for every link without an override.
    public var defaultRule: LinkRule = .standard
    /// Per-direction overrides, applied on top of ``defaultRule``.
    public private(set) var overrides: [DirectedLink: LinkOverride] = [:]
    /// The groups named by the current partition. Empty: none.
    public private(set) var partitionGroups: [[NodeID]] = []
    private var groupOf: [NodeID: Int] = [:]
    /// Nodes cut off from every other node, both ways.
    public private(set) var isolated: Set<NodeID> = []
    /// One-way cuts.
    public private(set) var cuts: Set<DirectedLink> = []

    public init() {}

    /// The outcome for one message.
    public enum Decision: Sendable, Equatable {
        case drop(DropReason)
        /// Deliver after `delay`; when `duplicateDelay` is set a second copy arrives then.
        case deliver(delay: SimDuration, duplicateDelay: SimDuration?)
    }

    /// Decides the fate of a message from `from` to `to`. Faults are checked before any
    /// random draw, so a partitioned message consumes no randomness.
    @inline(__always)
    public func route(from: NodeID, to: NodeID, random: inout SeededRandom) -> Decision {
        if from != to, let reason = blockage(from: from, to: to) { return .drop(reason) }
        let rule = rule(from: from, to: to)
        if random.chance(partsPerMillion: rule.loss.partsPerMillion) { return .drop(.loss) }
        let delay = rule.latency.sample(using: &random)
        let duplicate = random.chance(partsPerMillion: rule.duplication.partsPerMillion)
            ? rule.latency.sample(using: &random) : nil
        return .deliver(delay: delay, duplicateDelay: duplicate)
    }

    /// Why `from` cannot reach `to` right now, if it cannot.
    public func blockage(from: NodeID, to: NodeID) -> DropReason? {
        if !isolated.isEmpty, isolated.contains(from) || isolated.contains(to) { return .isolated }
        if !groupOf.isEmpty, groupOf[from] != groupOf[to] { return .partitioned }
        if !cuts.isEmpty, cuts.contains(DirectedLink(from, to)) { return .cut }
        return nil
    }

    /// The rule in force on one direction of a link.
    public func rule(from: NodeID, to: NodeID) -> LinkRule {
        if overrides.isEmpty { return defaultRule }
        return overrides[DirectedLink(from, to)]?.applied(to: defaultRule) ?? defaultRule
    }

    // MARK: - Changing the network

    public mutating func override(_ link: DirectedLink, with change: LinkOverride) {
        overrides[link, default: LinkOverride()].update(with: change)
    }

    public mutating func clearOverride(_ link: DirectedLink) { overrides[link] = nil }

    /// Splits the network into `groups`. Nodes named in no group, including nodes
    /// spawned later, together form one more group.
    public mutating func partition(_ groups: [[NodeID]]) {
        partitionGroups = groups.map { $0.sorted() }
        groupOf = [:]
        for (index, group) in partitionGroups.enumerated() {
            for node in group { groupOf[node] = index }
        }
    }

    /// The partition as groups of `allNodes`, the unnamed rest last; empty when there is none.
    public func partition(of allNodes: [NodeID]) -> [[NodeID]] {
        guard !partitionGroups.isEmpty else { return [] }
        let rest = allNodes.filter { groupOf[$0] == nil }
        return partitionGroups + (rest.isEmpty ? [] : [rest])
    }

    public mutating func isolate(_ node: NodeID) { isolated.insert(node) }
    public mutating func cut(_ link: DirectedLink) { cuts.insert(link) }

    /// Restores full connectivity: no partition, isolation or cut. Link rules stay.
    public mutating func heal() {
        partitionGroups = []
        groupOf = [:]
        isolated = []
        cuts = []
    }

    /// True when some fault blocks or alters traffic.
    public var hasConnectivityFaults: Bool { !partitionGroups.isEmpty || !isolated.isEmpty || !cuts.isEmpty }
}
