import SandboxCore

extension Simulation {
    /// Sets the latency of every link without an override.
    public func setLatency(_ model: LatencyModel) {
        router.defaultRule.latency = model
        recordNetworkEvent(.network, label: "latency \(model)")
    }

    /// Sets the chance that a message is lost, on every link without an override.
    public func setLoss(_ probability: Probability) {
        router.defaultRule.loss = probability
        recordNetworkEvent(.network, label: "loss \(probability)")
    }

    /// Sets the chance that a message arrives twice, on every link without an override.
    public func setDuplication(_ probability: Probability) {
        router.defaultRule.duplication = probability
        recordNetworkEvent(.network, label: "dup \(probability)")
    }

    /// Overrides the rule of one link; both directions unless `oneWay`.
    public func overrideLink(_ a: NodeID, _ b: NodeID, oneWay: Bool, with change: LinkOverride) throws(SimulationError) {
        try requireLink(a, b)
        router.override(DirectedLink(a, b), with: change)
        if !oneWay { router.override(DirectedLink(b, a), with: change) }
        recordNetworkEvent(.network, label: "link \(a) \(oneWay ? "->" : "<->") \(b) \(Self.describe(change))")
    }

    /// Removes the overrides of one link; both directions unless `oneWay`.
    public func resetLink(_ a: NodeID, _ b: NodeID, oneWay: Bool) throws(SimulationError) {
        try requireLink(a, b)
        router.clearOverride(DirectedLink(a, b))
        if !oneWay { router.clearOverride(DirectedLink(b, a)) }
        recordNetworkEvent(.network, label: "link \(a) \(oneWay ? "->" : "<->") \(b) reset")
    }

    /// Cuts one direction: messages from `from` to `to` are dropped, the other way still works.
    public func cut(from: NodeID, to: NodeID) throws(SimulationError) {
        try requireLink(from, to)
        let link = DirectedLink(from, to)
        guard !router.cuts.contains(link) else { throw .alreadyCut(link) }
        router.cut(link)
        recordNetworkEvent(.cut, label: "\(from) -> \(to)")
    }

    /// Splits the network into groups; nodes not named form one more group.
    public func partition(_ groups: [[NodeID]]) throws(SimulationError) {
        var seen = Set<NodeID>()
        for group in groups {
            guard !group.isEmpty else { throw .emptyPartition }
            for node in group {
                guard exists(node) else { throw .unknownNode(node) }
                guard seen.insert(node).inserted else { throw .nodeTwiceInPartition(node) }
            }
        }
        router.partition(groups)
        let text = router.partition(of: members).map { $0.map(\.description).joined(separator: " ") }
        recordNetworkEvent(.partition, label: text.joined(separator: " | "))
    }

    /// Cuts `node` off from every other node, both ways.
    public func isolate(_ node: NodeID) throws(SimulationError) {
        _ = try actor(node)
        guard !router.isolated.contains(node) else { throw .alreadyIsolated(node) }
        router.isolate(node)
        recordNetworkEvent(.isolate, label: "\(node)")
    }

    /// Restores full connectivity: no partition, isolation or cut. Link rules stay.
    public func heal() {
        router.heal()
        recordNetworkEvent(.heal, label: "")
    }

    private func requireLink(_ a: NodeID, _ b: NodeID) throws(SimulationError) {
        _ = try actor(a)
        _ = try actor(b)
        guard a != b else { throw .selfLink(a) }
    }

    static func describe(_ change: LinkOverride) -> String {
        var parts: [String] = []
        if let latency = change.latency { parts.append("latency \(latency)") }
        if let loss = change.loss { parts.append("loss \(loss)") }
        if let duplication = change.duplication { parts.append("dup \(duplication)") }
        return parts.joined(separator: " ")
    }
}
