import SandboxCore

/// One simulated node: an actor that owns its behaviour, its durable storage, its
/// clocks and its status, and runs the behaviour's handler when the driver asks.
///
/// The node carries out the effects that concern only itself (timers, persistence)
/// and leaves sends and notes in the effect list for the driver, which owns the
/// network and the trace. It shares the simulation's executor, so the driver's awaits
/// on it run in place and in the driver's order.
actor NodeActor {
    /// What happened to an input the driver handed over.
    enum Reaction: Sendable {
        /// The behaviour handled it; `wallClock` is the node's reading at that moment.
        case handled(wallClock: Int64)
        /// The node is paused; it keeps the input and hands it back on resume.
        case deferred
        /// The node is crashed; the input is lost.
        case down(wallClock: Int64)
        /// A timer that was cancelled or re-armed since; nothing happens.
        case stale
    }

    nonisolated let id: NodeID
    nonisolated let kind: String
    private nonisolated let executor: SimulationExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let factory: BehaviourFactory
    @exclusivity(unchecked)
    private var behaviour: any Behaviour
    @exclusivity(unchecked)
    private(set) var status: NodeStatus = .up
    @exclusivity(unchecked)
    private(set) var clock: NodeClock
    @exclusivity(unchecked)
    private var random: SeededRandom
    private var durable: (any Sendable)?
    @exclusivity(unchecked)
    private var armedTimers: [String: UInt64] = [:]
    private var timerGenerations: UInt64 = 0
    private var backlog: [DeferredWork] = []
    private var pauseToken: UInt64 = 0
    private static let ntpRequestType = ObjectIdentifier(NTP.Request.self)
    private static let ntpResponseType = ObjectIdentifier(NTP.Response.self)

    /// The nodes running this node's behaviour, itself included (kept up to date by the
    /// simulation when nodes are spawned).
    private var cluster: [NodeID] = []
    /// Every node of the simulation, itself included.
    private var members: [NodeID] = []

    /// Clock synchronisation, a service of the node rather than of its behaviour.
    private var ntp = NTP.ClientState()

    init(id: NodeID, kind: String, factory: @escaping BehaviourFactory, executor: SimulationExecutor,
         random: SeededRandom, spawnedAt now: SimTime) {
        self.id = id
        self.kind = kind
        self.factory = factory
        self.executor = executor
        self.random = random
        self.clock = NodeClock(start: now)
        self.behaviour = factory(id, nil)
    }

    // MARK: - Inputs

    /// Runs the behaviour's `.start` (on spawn and after restart).
    func start(at now: SimTime, effects: inout [Effect], timers: inout [TimerRequest]) {
        runBehaviour(.start, at: now, effects: &effects, timers: &timers)
    }

    func receive(_ envelope: Envelope, at now: SimTime,
                 effects: inout [Effect], timers: inout [TimerRequest]) -> Reaction {
        switch status {
        case .crashed: return .down(wallClock: clock.wall(at: now))
        case .paused:
            backlog.append(.message(envelope))
            return .deferred
        case .up:
            let wallClock = clock.wall(at: now)
            // Comparing type identities first keeps a dynamic cast off the common path.
            let payloadType = ObjectIdentifier(type(of: envelope.payload))
            if payloadType == Self.ntpRequestType, let request = envelope.payload as? NTP.Request {
                effects.append(.send(to: envelope.from, payload: NTP.answer(request, wallClock: wallClock)))
            } else if payloadType == Self.ntpResponseType, let response = envelope.payload as? NTP.Response {
                if let estimate = NTP.conclude(&ntp, response, wallClock: wallClock) {
                    effects.append(.note(NTP.describe(estimate, server: envelope.from)))
                    effects.append(.stepClock(.microseconds(estimate.offset)))
                } else {
                    effects.append(.note("ntp: response #\(response.exchange) is not the one awaited; ignored"))
                }
                carryOut(effects: &effects, from: 0, at: now, timers: &timers)
            } else {
                runBehaviour(.message(from: envelope.from, payload: envelope.payload), at: now,
                             effects: &effects, timers: &timers)
            }
            return .handled(wallClock: wallClock)
        }
    }

    /// Hands the behaviour an input a person gave directly (a client's request, an
    /// exercise set-up, a timer fired now, which disarms the armed one). Returns the
    /// wall clock read as the input arrived.
    func handleNow(_ input: BehaviourInput, at now: SimTime,
                   effects: inout [Effect], timers: inout [TimerRequest]) -> Int64 {
        if case .timer(let name) = input { armedTimers[name] = nil }
        let wallClock = clock.wall(at: now)
        runBehaviour(input, at: now, effects: &effects, timers: &timers)
        return wallClock
    }

    /// Starts synchronising with `server`: one exchange now and, with a period, one every
    /// period of this node's own clock.
    func startNTP(server: NodeID, every period: SimDuration?, at now: SimTime,
                  effects: inout [Effect], timers: inout [TimerRequest]) -> Int64 {
        ntp.server = server
        ntp.period = period
        armedTimers[NTP.timerName] = nil
        beginNTPExchange(at: now, effects: &effects, timers: &timers)
        return clock.wall(at: now)
    }

    /// Stops periodic synchronisation; false if there was none.
    func stopNTP() -> Bool {
        guard ntp.server != nil else { return false }
        ntp = NTP.ClientState(exchanges: ntp.exchanges)
        armedTimers[NTP.timerName] = nil
        return true
    }

    private func beginNTPExchange(at now: SimTime, effects: inout [Effect], timers: inout [TimerRequest]) {
        if let (server, request) = NTP.begin(&ntp, wallClock: clock.wall(at: now)) {
            effects.append(.send(to: server, payload: request))
        }
        if let period = ntp.period {
            effects.append(.setTimer(name: NTP.timerName, after: period))
            carryOut(effects: &effects, from: effects.count - 1, at: now, timers: &timers)
        }
    }

    func fireTimer(_ name: String, generation: UInt64, at now: SimTime,
                   effects: inout [Effect], timers: inout [TimerRequest]) -> Reaction {
        guard armedTimers[name] == generation else { return .stale }
        switch status {
        case .crashed: return .stale
        case .paused:
            backlog.append(.timer(name: name, generation: generation))
            return .deferred
        case .up:
            armedTimers[name] = nil
            let wallClock = clock.wall(at: now)
            if name == NTP.timerName {
                beginNTPExchange(at: now, effects: &effects, timers: &timers)
            } else {
                runBehaviour(.timer(name: name), at: now, effects: &effects, timers: &timers)
            }
            return .handled(wallClock: wallClock)
        }
    }

    /// Tells the node every node of the simulation, and those that run its behaviour.
    func setMembership(members: [NodeID], cluster: [NodeID]) {
        self.members = members
        self.cluster = cluster
    }

    // MARK: - Lifecycle

    /// Loses all volatile state: the behaviour, armed timers and whatever waited while
    /// paused (returned, so the driver can trace it as lost).
    func crash(at now: SimTime) -> (wallClock: Int64, lost: [DeferredWork]) {
        status = .crashed
        armedTimers = [:]
        let lost = backlog
        backlog = []
        behaviour = IdleAfterCrash()
        return (clock.wall(at: now), lost)
    }

    /// Comes back from a crash with a fresh behaviour built from durable storage.
    func restart(at now: SimTime, effects: inout [Effect], timers: inout [TimerRequest]) -> Int64 {
        status = .up
        behaviour = factory(id, durable)
        let wallClock = clock.wall(at: now)
        runBehaviour(.start, at: now, effects: &effects, timers: &timers)
        ntp.pending = nil
        if ntp.period != nil { beginNTPExchange(at: now, effects: &effects, timers: &timers) }
        return wallClock
    }

    /// Freezes the node; the token identifies this pause for a scheduled resume.
    func pause(at now: SimTime) -> (wallClock: Int64, token: UInt64) {
        status = .paused
        pauseToken &+= 1
        return (clock.wall(at: now), pauseToken)
    }

    /// Unfreezes the node and hands back what waited, in arrival order. With a token,
    /// resumes only if that pause is still the current one (else returns nil).
    func resume(token: UInt64?, at now: SimTime) -> (wallClock: Int64, waiting: [DeferredWork])? {
        guard status == .paused, token == nil || token == pauseToken else { return nil }
        status = .up
        let waiting = backlog
        backlog = []
        return (clock.wall(at: now), waiting)
    }

    // MARK: - Clocks

    func wallClock(at now: SimTime) -> Int64 { clock.wall(at: now) }

    /// The status and the wall clock in one call, for commands that need a running node.
    func statusAndWallClock(at now: SimTime) -> (status: NodeStatus, wallClock: Int64) {
        (status, clock.wall(at: now))
    }

    func setClockOffset(_ offset: SimDuration, at now: SimTime) -> Int64 {
        clock.setOffset(offset, at: now)
        return clock.wall(at: now)
    }

    func stepClock(by delta: SimDuration, at now: SimTime) -> Int64 {
        clock.step(by: delta, at: now)
        return clock.wall(at: now)
    }

    func setDrift(ppm: Int64, at now: SimTime) -> Int64 {
        clock.setDrift(ppm: ppm, at: now)
        return clock.wall(at: now)
    }

    /// Why the behaviour would refuse `input` given by a person, or nil.
    func refusal(of input: BehaviourInput) -> String? { behaviour.refusal(of: input) }

    /// A copy of the behaviour's state for an invariant monitor; nil while crashed.
    func behaviourCopy() -> (any Behaviour)? { status == .crashed ? nil : behaviour }

    /// What `show nodes` and `show clocks` need from this node.
    func snapshot() -> NodeSnapshot {
        NodeSnapshot(status: status, clock: clock, armedTimers: armedTimers.count, waiting: backlog.count,
                     behaviour: behaviourCopy())
    }

    // MARK: - Running the behaviour

    private func runBehaviour(_ input: BehaviourInput, at now: SimTime,
                              effects: inout [Effect], timers: inout [TimerRequest]) {
        var context = BehaviourContext(
            me: id, members: members, cluster: cluster, wallClock: clock.wall(at: now),
            monotonicClock: clock.monotonic(at: now), random: random)
        swap(&context.effects, &effects)
        let first = context.effects.count
        behaviour.handle(input, context: &context)
        random = context.random
        swap(&context.effects, &effects)
        carryOut(effects: &effects, from: first, at: now, timers: &timers)
    }

    /// Carries out the effects that concern only this node (timers, persistence, clock
    /// steps), from index `first` on; sends, notes and replies are left to the driver.
    private func carryOut(effects: inout [Effect], from first: Int, at now: SimTime, timers: inout [TimerRequest]) {
        for index in effects.indices where index >= first {
            switch effects[index] {
            case .send, .note, .reply:
                continue  // the driver's: they go through the network and the trace
            case .stepClock(let delta):
                clock.step(by: delta, at: now)
            case .setTimer(let name, let after):
                timerGenerations &+= 1
                armedTimers[name] = timerGenerations
                timers.append(TimerRequest(name: name, generation: timerGenerations,
                                           fireAt: now + clock.trueDuration(ofLocal: after)))
            case .cancelTimer(let name):
                armedTimers[name] = nil
            case .persist(let state):
                durable = state
            }
        }
    }
}

/// What a node looks like from outside at one moment.
struct NodeSnapshot: Sendable {
    let status: NodeStatus
    let clock: NodeClock
    let armedTimers: Int
    let waiting: Int
    /// A copy of the behaviour's state (behaviours are values), nil while crashed.
    let behaviour: (any Behaviour)?
}

/// Stands in for the behaviour of a crashed node until it restarts; never called.
private struct IdleAfterCrash: Behaviour {
    var kind: String { "crashed" }
    mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {}
}
