import SandboxCore

extension Simulation {
    /// A client's request to `node` (`write n1 x 5`): recorded as a process event at the
    /// node, then handed to its behaviour, whose replies follow in the trace.
    @discardableResult
    public func request(_ request: ClientRequest, at node: NodeID) async throws(SimulationError) -> EventID {
        let actor = try await runningActor(node)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.request(request, at: now, effects: &effects, timers: &timers)
        let id = recordProcessEvent(.request, at: node, wallClock: wallClock, label: request.text).id
        apply(&effects, timers: &timers, of: node, wallClock: wallClock)
        await checkInvariants(at: node)
        return id
    }

    /// An instructor's edit of `node`'s state for an exercise (`raft log n3 1 1 4`),
    /// recorded as a note; the behaviour answers with a reply.
    public func setUp(_ request: ClientRequest, at node: NodeID) async throws(SimulationError) {
        let actor = try await runningActor(node)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.setUp(request, at: now, effects: &effects, timers: &timers)
        recordNodeEvent(.note, at: node, wallClock: wallClock, label: "set-up: " + request.text)
        apply(&effects, timers: &timers, of: node, wallClock: wallClock)
        await checkInvariants(at: node)
    }

    /// Fires `node`'s timer `name` now (`timeout n3` fires its election timer).
    public func fireTimer(_ name: String, at node: NodeID) async throws(SimulationError) {
        let actor = try await runningActor(node)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        let wallClock = await actor.fireNow(name, at: now, effects: &effects, timers: &timers)
        recordProcessEvent(.timer, at: node, wallClock: wallClock, label: name + " (forced)")
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
        apply(&effects, timers: &timers, of: client, wallClock: wallClock)
    }

    /// Stops `node`'s periodic clock synchronisation.
    public func stopSynchronising(_ node: NodeID) async throws(SimulationError) {
        guard await (try actor(node)).stopNTP() else { throw .notSynchronising(node) }
        recordNodeEvent(.note, at: node, wallClock: await (try actor(node)).wallClock(at: now), label: "ntp stopped")
    }
}
