import SandboxCore

/// Tells a long run to stop between two events (set from a signal handler or another
/// thread); the simulation stays consistent.
public protocol StopSignal: Sendable {
    var isStopRequested: Bool { get }
}

/// What a `run` or `step` did.
public struct RunSummary: Sendable, Equatable {
    /// Events recorded in the trace during the run.
    public var events: Int
    /// Drops among them.
    public var drops: Int
    /// True when a stop signal ended the run early.
    public var interrupted: Bool
    /// Invariants found broken during the run; the run stops at the first.
    public var violations: [InvariantViolation]
    /// Pending events handled that recorded something (what `step` counts).
    public var handled: Int
    /// True when the run stopped between two events of one instant (a flood storm), so
    /// only `step handled` replays it; false when it stopped between two instants.
    public var stoppedMidInstant: Bool
    /// True when the run stopped because the trace reached ``Simulation/traceCeiling``.
    public var reachedTraceCeiling: Bool { traceCeiling != nil }
    /// The ceiling the trace reached, when that stopped the run.
    public var traceCeiling: Int?

    public init(events: Int, drops: Int, interrupted: Bool, violations: [InvariantViolation] = [],
                handled: Int = 0, stoppedMidInstant: Bool = false, traceCeiling: Int? = nil) {
        self.events = events
        self.drops = drops
        self.interrupted = interrupted
        self.violations = violations
        self.handled = handled
        self.stoppedMidInstant = stoppedMidInstant
        self.traceCeiling = traceCeiling
    }
}

extension Simulation {
    /// Within one instant, a run looks at the stop signal each time this many more
    /// events have been recorded (right after the event that crossed the mark), so a
    /// storm of events at one virtual instant stays interruptible.
    public static let stormCheckInterval = 4_096

    /// Throws when running `duration` from now would pass ``SimTime/latest``; a run that
    /// fits changes nothing here.
    public func checkRunFits(_ duration: SimDuration) throws(SimulationError) {
        guard duration.microseconds <= SimTime.latest.microseconds - now.microseconds else {
            throw .timeOverflow(now: now, requested: duration)
        }
    }

    /// Advances virtual time by `duration`, handling every event due until then (never
    /// past ``SimTime/latest``: see ``checkRunFits(_:)``).
    ///
    /// A stop signal is honoured between two instants, so an interrupted run ends at a
    /// time `t` with every event due by `t` handled: exactly what `run` to `t` would have
    /// done. Within one instant it is looked at only every ``stormCheckInterval`` recorded
    /// events, right after an event that recorded something: such a run is marked
    /// ``RunSummary/stoppedMidInstant`` and is replayed exactly by `step` with its
    /// ``RunSummary/handled`` count (step pops the same events in the same order). With
    /// no trace window, the run also stops, the same way, once the trace holds
    /// ``traceCeiling`` events.
    public func run(for duration: SimDuration, stop: (any StopSignal)? = nil) async -> RunSummary {
        let room = SimTime.latest.microseconds - now.microseconds
        let target = now + SimDuration(microseconds: min(max(duration.microseconds, 0), room))
        let start = (events: trace.totalRecorded, drops: droppedMessages, violations: violations.count)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        effects.reserveCapacity(16)
        var interrupted = false, midInstant = false, ceiling = false
        var handled = 0
        var instantCheckID = trace.nextID.rawValue
        while let next = queue.nextTime, next <= target {
            if next > now {
                instantCheckID = trace.nextID.rawValue
                if let stop, stop.isStopRequested {
                    interrupted = true
                    break
                }
            }
            let before = trace.nextID
            let (time, action) = queue.removeFirst()
            now = time
            // Deliveries, by far the most common event, are handled here without the
            // extra async call; everything else goes through dispatch.
            if case .deliver(let envelope) = action {
                let node = actors[envelope.to.rawValue]!
                let reaction = await node.receive(envelope, at: now, effects: &effects, timers: &timers)
                await settle(envelope, reaction, effects: &effects, timers: &timers)
            } else {
                await dispatch(action, effects: &effects, timers: &timers)
            }
            if trace.nextID != before {
                handled += 1
                if trace.window == nil, trace.count >= traceCeiling {
                    ceiling = true
                    midInstant = queue.nextTime == now
                    break
                }
                if trace.nextID.rawValue - instantCheckID >= Self.stormCheckInterval {
                    instantCheckID = trace.nextID.rawValue
                    if queue.nextTime == now, let stop, stop.isStopRequested {
                        interrupted = true
                        midInstant = true
                        break
                    }
                }
            }
            if violations.count > start.violations { break }  // stop where safety broke
        }
        if !interrupted, !ceiling, violations.count == start.violations { now = target }
        var summary = summary(since: start, interrupted: interrupted)
        summary.handled = handled
        summary.stoppedMidInstant = midInstant
        summary.traceCeiling = ceiling ? traceCeiling : nil
        return summary
    }

    /// Handles the next `count` pending events that change something (stale timers are
    /// skipped without counting). Throws when nothing is pending. A stop signal ends it
    /// after any handled event; ``RunSummary/handled`` then says how many were done, so
    /// `step handled` replays it.
    public func step(_ count: Int = 1, stop: (any StopSignal)? = nil) async throws(SimulationError) -> RunSummary {
        guard !queue.isEmpty else { throw .noEvents }
        let start = (events: trace.totalRecorded, drops: droppedMessages, violations: violations.count)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        var stepped = 0
        var interrupted = false
        while stepped < count, !queue.isEmpty {
            let before = trace.nextID
            let (time, action) = queue.removeFirst()
            now = time
            await dispatch(action, effects: &effects, timers: &timers)
            if trace.nextID != before {
                stepped += 1
                if violations.count > start.violations { break }  // stop where safety broke, as run does
                if stepped < count, let stop, stop.isStopRequested {
                    interrupted = true
                    break
                }
            }
        }
        var summary = summary(since: start, interrupted: interrupted)
        summary.handled = stepped
        return summary
    }

    private func summary(since start: (events: Int, drops: Int, violations: Int), interrupted: Bool) -> RunSummary {
        RunSummary(events: trace.totalRecorded - start.events, drops: droppedMessages - start.drops,
                   interrupted: interrupted, violations: Array(violations[start.violations...]))
    }

    /// Handles one popped event: hands it to its node and carries out the result.
    func dispatch(_ action: ScheduledAction, effects: inout [Effect], timers: inout [TimerRequest]) async {
        switch action {
        case .deliver(let envelope):
            let node = actors[envelope.to.rawValue]!
            let reaction = await node.receive(envelope, at: now, effects: &effects, timers: &timers)
            await settle(envelope, reaction, effects: &effects, timers: &timers)
        case .timer(let nodeID, let name, let generation):
            let node = actors[nodeID.rawValue]!
            let reaction = await node.fireTimer(name, generation: generation, at: now,
                                                effects: &effects, timers: &timers)
            if case .handled(let wallClock) = reaction {
                recordProcessEvent(.timer, at: nodeID, wallClock: wallClock, label: name)
                apply(&effects, timers: &timers, of: nodeID, wallClock: wallClock)
                if !monitors.isEmpty { await checkInvariants(at: nodeID) }
            }
        case .resume(let nodeID, let token):
            let node = actors[nodeID.rawValue]!
            if let resumed = await node.resume(token: token, at: now) {
                recordNodeEvent(.resume, at: nodeID, wallClock: resumed.wallClock,
                                label: waitingLabel(resumed.waiting.count))
                await handleWaiting(resumed.waiting, for: nodeID, effects: &effects, timers: &timers)
            }
        }
    }

    func waitingLabel(_ count: Int) -> String {
        count == 0 ? "nothing waited" : count == 1 ? "1 input waited" : "\(count) inputs waited"
    }
}

extension Simulation {
    /// Checks `monitor`'s invariants after every event from now on, beside any other
    /// monitor; a monitor of the same name is replaced.
    public func addMonitor(_ monitor: any InvariantMonitor, named name: String) {
        if let index = monitors.firstIndex(where: { $0.name == name }) {
            monitors[index].monitor = monitor
        } else {
            monitors.append((name, monitor))
        }
    }

    /// Stops checking the monitor of that name.
    public func removeMonitor(named name: String) { monitors.removeAll { $0.name == name } }

    /// True when a monitor of that name is checking invariants.
    public func hasMonitor(named name: String) -> Bool { monitors.contains { $0.name == name } }

    /// True when some monitor is checking invariants.
    public var isMonitoring: Bool { !monitors.isEmpty }

    /// What every monitor has checked and found, one after another; nil when there is none.
    public func monitorSummary() -> String? {
        monitors.isEmpty ? nil : monitors.map { $0.monitor.summary() }.joined(separator: "\n")
    }

    /// Shows `node`'s current state to every monitor.
    func checkInvariants(at node: NodeID) async {
        guard !monitors.isEmpty, node.rawValue < actors.count, let actor = actors[node.rawValue] else { return }
        let copy = await actor.behaviourCopy()
        let after = trace.lastID ?? EventID(0)
        for index in monitors.indices { violations += monitors[index].monitor.observe(copy, of: node, after: after) }
    }
}

extension Simulation {
    /// Records what a node did with a delivered message and carries out its effects.
    @inline(__always)
    func settle(_ envelope: Envelope, _ reaction: NodeActor.Reaction,
                effects: inout [Effect], timers: inout [TimerRequest]) async {
        switch reaction {
        case .handled(let wallClock):
            recordProcessEvent(.deliver, at: envelope.to, wallClock: wallClock, peer: envelope.from,
                               label: envelope.label, message: (envelope.sendEvent, envelope.lamport))
            apply(&effects, timers: &timers, of: envelope.to, wallClock: wallClock)
            if !monitors.isEmpty { await checkInvariants(at: envelope.to) }
        case .down(let wallClock):
            recordMessageEvent(.drop, at: envelope.to, peer: envelope.from, wallClock: wallClock,
                               send: envelope.sendEvent, lamport: envelope.lamport,
                               label: envelope.label, reason: .receiverCrashed)
        case .deferred, .stale:
            break
        }
    }
}
