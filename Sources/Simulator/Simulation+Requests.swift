import SandboxCore

extension Simulation {
    /// A client's request to `node` (`write n1 x 5`): recorded as a process event at the
    /// node, then handed to its behaviour, whose replies follow in the trace.
    @discardableResult
    public func request(_ request: ClientRequest, at node: NodeID) async throws(SimulationError) -> EventID {
        var id = EventID(0)
        try await handleNow(.request(request), at: node) { wallClock in
            id = recordProcessEvent(.request, at: node, wallClock: wallClock, label: request.text).id
        }
        return id
    }

    /// Why `node`'s behaviour would refuse `request`, or nil (also nil while the node is
    /// crashed, when nothing can be asked of it): for a request that travels to the node
    /// over the network, so a mistake is an error before anything is sent.
    public func refusal(of request: ClientRequest, at node: NodeID) async throws(SimulationError) -> String? {
        let actor = try actor(node)
        guard await actor.status != .crashed else { return nil }
        return await actor.refusal(of: .request(request))
    }

    /// An instructor's edit of `node`'s state for an exercise (a protocol's set-up command),
    /// recorded as a note; the behaviour answers with a reply.
    public func setUp(_ request: ClientRequest, at node: NodeID) async throws(SimulationError) {
        try await handleNow(.setUp(request), at: node) { wallClock in
            recordNodeEvent(.note, at: node, wallClock: wallClock, label: "set-up: " + request.text)
        }
    }

    /// Fires `node`'s timer `name` now (`timeout n3` fires its election timer).
    public func fireTimer(_ name: String, at node: NodeID) async throws(SimulationError) {
        try await handleNow(.timer(name: name), at: node) { wallClock in
            recordProcessEvent(.timer, at: node, wallClock: wallClock, label: name + " (forced)")
        }
    }

    /// Hands a running node an input directly: `record` writes the event that stands for
    /// it, then the node's effects are carried out and the invariants checked.
    private func handleNow(_ input: BehaviourInput, at node: NodeID,
                           record: (_ wallClock: Int64) -> Void) async throws(SimulationError) {
        let actor = try await runningActor(node)
        if let reason = await actor.refusal(of: input) { throw .refused(node, reason) }
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.handleNow(input, at: now, effects: &effects, timers: &timers)
        record(wallClock)
        apply(&effects, timers: &timers, of: node, wallClock: wallClock)
        await checkInvariants(at: node)
    }

    /// Makes `client` synchronise its wall clock with `server`'s over the network: one
    /// NTP exchange now and, with `period`, one every period of the client's clock.
    public func synchronise(_ client: NodeID, with server: NodeID, every period: SimDuration?) async throws(SimulationError) {
        _ = try actor(server)
        guard client != server else { throw .selfLink(client) }
        let actor = try await runningActor(client)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.startNTP(server: server, every: period, at: now, effects: &effects, timers: &timers)
        clocksMayDiffer = true
        apply(&effects, timers: &timers, of: client, wallClock: wallClock)
    }

    /// Stops `node`'s periodic clock synchronisation.
    public func stopSynchronising(_ node: NodeID) async throws(SimulationError) {
        let actor = try actor(node)
        guard await actor.stopNTP() else { throw .notSynchronising(node) }
        recordNodeEvent(.note, at: node, wallClock: await actor.wallClock(at: now), label: "ntp stopped")
    }
}
