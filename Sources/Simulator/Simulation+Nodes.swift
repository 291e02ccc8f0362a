import SandboxCore

extension Simulation {
    /// Spawns nodes running the behaviour `factory` makes. Every node knows every other;
    /// each new node's `.start` runs after all of them exist.
    public func spawn(_ nodes: [NodeID], kind: String, factory: @escaping BehaviourFactory) async throws(SimulationError) {
        var unique = Set<NodeID>()
        for node in nodes {
            guard !exists(node) else { throw .nodeExists(node) }
            guard unique.insert(node).inserted else { throw .nodeExists(node) }
        }
        for node in nodes {
            if node.rawValue >= actors.count {
                let missing = node.rawValue - actors.count + 1
                actors.append(contentsOf: repeatElement(nil, count: missing))
                ledgers.append(contentsOf: repeatElement(NodeLedger(), count: missing))
            }
            let actor = NodeActor(id: node, kind: kind, factory: factory, executor: executor,
                                  random: SeededRandom(seed: seed, stream: .behaviour(of: node)), spawnedAt: now)
            actors[node.rawValue] = actor
            ledgers[node.rawValue] = NodeLedger(networkRandom: SeededRandom(seed: seed, stream: .network(from: node)))
            recordNodeEvent(.spawn, at: node, wallClock: now.microseconds, label: kind)
        }
        members = (members + nodes).sorted()
        // Every node learns the new membership (and its kind's cluster) before any new
        // node starts.
        var clusters: [String: [NodeID]] = [:]
        for node in members { clusters[actors[node.rawValue]!.kind, default: []].append(node) }
        for node in members {
            let actor = actors[node.rawValue]!
            await actor.setMembership(members: members, cluster: clusters[actor.kind]!)
        }
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        for node in nodes {
            await actors[node.rawValue]!.start(at: now, effects: &effects, timers: &timers)
            apply(&effects, timers: &timers, of: node, wallClock: now.microseconds)
            await checkInvariants(at: node)
        }
    }

    /// Stops a node: volatile state and armed timers are lost, durable storage is kept,
    /// and whatever waited for it while paused is dropped.
    public func crash(_ node: NodeID) async throws(SimulationError) {
        let actor = try actor(node)
        guard await actor.status != .crashed else { throw .nodeCrashed(node) }
        let (wallClock, lost) = await actor.crash(at: now)
        recordNodeEvent(.crash, at: node, wallClock: wallClock)
        for case .message(let envelope) in lost {
            recordMessageEvent(.drop, at: node, peer: envelope.from, wallClock: wallClock, send: envelope.sendEvent,
                               lamport: envelope.lamport, label: envelope.label, reason: .lostInCrash)
        }
    }

    /// Brings a crashed node back with a fresh behaviour built from its durable storage.
    public func restart(_ node: NodeID) async throws(SimulationError) {
        let actor = try actor(node)
        guard await actor.status == .crashed else { throw .nodeNotCrashed(node) }
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.restart(at: now, effects: &effects, timers: &timers)
        recordNodeEvent(.restart, at: node, wallClock: wallClock)
        apply(&effects, timers: &timers, of: node, wallClock: wallClock)
        await checkInvariants(at: node)
    }

    /// Freezes a node, for `duration` or until ``resume(_:)``. Its messages and timers
    /// wait, and it handles them late.
    public func pause(_ node: NodeID, for duration: SimDuration? = nil) async throws(SimulationError) {
        let actor = try actor(node)
        switch await actor.status {
        case .crashed: throw .nodeCrashed(node)
        case .paused: throw .nodePaused(node)
        case .up: break
        }
        let (wallClock, token) = await actor.pause(at: now)
        recordNodeEvent(.pause, at: node, wallClock: wallClock, label: duration.map { "for \($0)" } ?? "")
        if let duration { schedule(.resume(node: node, pauseToken: token), at: now + duration) }
    }

    /// Unfreezes a paused node now; what waited is handled at once, in arrival order.
    public func resume(_ node: NodeID) async throws(SimulationError) {
        let actor = try actor(node)
        guard let resumed = await actor.resume(token: nil, at: now) else { throw .nodeNotPaused(node) }
        recordNodeEvent(.resume, at: node, wallClock: resumed.wallClock, label: waitingLabel(resumed.waiting.count))
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        await handleWaiting(resumed.waiting, for: node, effects: &effects, timers: &timers)
    }

    /// A local event at `node`, as a process's internal step. Without a label it gets
    /// the next of l1, l2, … (a refused request uses none up).
    @discardableResult
    public func local(_ node: NodeID, label: String? = nil) async throws(SimulationError) -> EventID {
        let wallClock = try await wallClockOfRunningNode(node)
        return recordProcessEvent(.local, at: node, wallClock: wallClock, label: label ?? nextLocalLabel()).id
    }

    /// Makes `from` send a message to `to` through the network. Without a label it gets
    /// the next of m1, m2, … (a refused request uses none up).
    public func send(from: NodeID, to: NodeID, label: String? = nil) async throws(SimulationError) {
        guard exists(to) else { throw exists(from) ? .unknownNode(to) : .unknownNode(from) }
        let wallClock = try await wallClockOfRunningNode(from)
        transmit(UserMessage(label: label ?? nextMessageLabel()), from: from, to: to, wallClock: wallClock)
    }

    /// The wall clock of `node`, which must be up (not crashed, not paused).
    private func wallClockOfRunningNode(_ node: NodeID) async throws(SimulationError) -> Int64 {
        let reading = await (try actor(node)).statusAndWallClock(at: now)
        try Self.requireUp(reading.status, node)
        return reading.wallClock
    }

    /// The actor of `node`, which must be up (not crashed, not paused).
    func runningActor(_ node: NodeID) async throws(SimulationError) -> NodeActor {
        let actor = try actor(node)
        try Self.requireUp(await actor.status, node)
        return actor
    }

    private static func requireUp(_ status: NodeStatus, _ node: NodeID) throws(SimulationError) {
        switch status {
        case .crashed: throw .nodeCrashed(node)
        case .paused: throw .nodePaused(node)
        case .up: return
        }
    }
}
