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

    public init(events: Int, drops: Int, interrupted: Bool) {
        self.events = events
        self.drops = drops
        self.interrupted = interrupted
    }
}

extension Simulation {
    /// Advances virtual time by `duration`, handling every event due until then.
    ///
    /// A stop signal is honoured only between two instants, never between events due at
    /// the same instant, so an interrupted run ends at a time `t` with every event due by
    /// `t` handled: exactly what `run` to `t` would have done, which keeps it replayable.
    public func run(for duration: SimDuration, stop: (any StopSignal)? = nil) async -> RunSummary {
        let target = now + max(duration, .zero)
        let start = (events: trace.totalRecorded, drops: droppedMessages)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        effects.reserveCapacity(16)
        var interrupted = false
        while let next = queue.nextTime, next <= target {
            if next > now, let stop, stop.isStopRequested {
                interrupted = true
                break
            }
            let (time, action) = queue.removeFirst()
            now = time
            await dispatch(action, effects: &effects, timers: &timers)
        }
        if !interrupted { now = target }
        return summary(since: start, interrupted: interrupted)
    }

    /// Handles the next `count` pending events that change something (stale timers are
    /// skipped without counting). Throws when nothing is pending.
    public func step(_ count: Int = 1) async throws(SimulationError) -> RunSummary {
        guard !queue.isEmpty else { throw .noEvents }
        let start = (events: trace.totalRecorded, drops: droppedMessages)
        var effects: [Effect] = []
        var timers: [TimerRequest] = []
        var stepped = 0
        while stepped < count, !queue.isEmpty {
            let before = trace.nextID
            let (time, action) = queue.removeFirst()
            now = time
            await dispatch(action, effects: &effects, timers: &timers)
            if trace.nextID != before { stepped += 1 }
        }
        return summary(since: start, interrupted: false)
    }

    private func summary(since start: (events: Int, drops: Int), interrupted: Bool) -> RunSummary {
        RunSummary(events: trace.totalRecorded - start.events, drops: droppedMessages - start.drops,
                   interrupted: interrupted)
    }

    /// Handles one popped event: hands it to its node and carries out the result.
    func dispatch(_ action: ScheduledAction, effects: inout [Effect], timers: inout [TimerRequest]) async {
        switch action {
        case .deliver(let envelope):
            let node = actors[envelope.to.rawValue]!
            let reaction = await node.receive(envelope, at: now, members: members, effects: &effects, timers: &timers)
            switch reaction {
            case .handled(let wallClock):
                recordProcessEvent(.deliver, at: envelope.to, wallClock: wallClock, peer: envelope.from,
                                   label: envelope.label, message: (envelope.sendEvent, envelope.lamport))
                apply(&effects, timers: &timers, of: envelope.to, wallClock: wallClock)
            case .down(let wallClock):
                recordMessageEvent(.drop, at: envelope.to, peer: envelope.from, wallClock: wallClock,
                                   send: envelope.sendEvent, lamport: envelope.lamport,
                                   label: envelope.label, reason: .receiverCrashed)
            case .deferred, .stale:
                break
            }
        case .timer(let nodeID, let name, let generation):
            let node = actors[nodeID.rawValue]!
            let reaction = await node.fireTimer(name, generation: generation, at: now, members: members,
                                                effects: &effects, timers: &timers)
            if case .handled(let wallClock) = reaction {
                recordProcessEvent(.timer, at: nodeID, wallClock: wallClock, label: name)
                apply(&effects, timers: &timers, of: nodeID, wallClock: wallClock)
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
