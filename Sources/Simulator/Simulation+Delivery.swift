import SandboxCore

extension Simulation {
    /// Sends `payload` from `from` to `to`: records the send (a process event at the
    /// sender), asks the router, and either records the drop or schedules the delivery
    /// (twice when the router duplicates it).
    func transmit(_ payload: any Payload, from: NodeID, to: NodeID, wallClock: Int64) {
        let label = payload.label
        let send = recordProcessEvent(.send, at: from, wallClock: wallClock, peer: to, label: label)
        guard exists(to) else {
            recordMessageEvent(.drop, at: from, peer: to, wallClock: wallClock, send: send.id,
                               lamport: send.lamport, label: label, reason: .noSuchNode)
            return
        }
        // The stream is copied out and back so that reading the router and writing the
        // ledger never overlap (which would make Swift copy the whole router).
        var random = ledgers[from.rawValue].networkRandom
        let decision = router.route(from: from, to: to, random: &random)
        ledgers[from.rawValue].networkRandom = random
        switch decision {
        case .drop(let reason):
            recordMessageEvent(.drop, at: from, peer: to, wallClock: wallClock, send: send.id,
                               lamport: send.lamport, label: label, reason: reason)
        case .deliver(let delay, let duplicateDelay):
            let envelope = Envelope(from: from, to: to, payload: payload, label: label, sendEvent: send.id, lamport: send.lamport)
            schedule(.deliver(envelope), at: now + delay)
            if let duplicateDelay {
                recordMessageEvent(.duplicate, at: from, peer: to, wallClock: wallClock, send: send.id,
                                   lamport: send.lamport, label: label)
                schedule(.deliver(envelope), at: now + duplicateDelay)
            }
        }
    }

    /// Carries out what the node left for the driver, in order: sends through the
    /// network, notes into the trace; then schedules the timers the node armed.
    func apply(_ effects: inout [Effect], timers: inout [TimerRequest], of node: NodeID, wallClock: Int64) {
        for index in effects.indices {
            switch effects[index] {
            case .send(let to, let payload):
                transmit(payload, from: node, to: to, wallClock: wallClock)
            case .note(let text):
                recordNodeEvent(.note, at: node, wallClock: wallClock, label: text)
            case .reply(let text):
                recordNodeEvent(.reply, at: node, wallClock: wallClock, label: text)
            case .stepClock(let delta):
                // The node has stepped its clock already; the trace says so.
                recordNodeEvent(.skew, at: node, wallClock: wallClock + delta.microseconds,
                                label: "clock stepped by " + TimeFormat.duration(delta.microseconds, signed: true))
            case .setTimer, .cancelTimer, .persist:
                break  // carried out by the node itself
            }
        }
        for timer in timers {
            schedule(.timer(node: node, name: timer.name, generation: timer.generation), at: timer.fireAt)
        }
        effects.removeAll(keepingCapacity: true)
        timers.removeAll(keepingCapacity: true)
    }

    /// Handles, at once and in arrival order, the work a paused node held back; it goes
    /// before anything else due at the resume instant, as it arrived earlier.
    func handleWaiting(_ waiting: [DeferredWork], for node: NodeID,
                       effects: inout [Effect], timers: inout [TimerRequest]) async {
        for work in waiting {
            switch work {
            case .message(let envelope):
                await dispatch(.deliver(envelope), effects: &effects, timers: &timers)
            case .timer(let name, let generation):
                await dispatch(.timer(node: node, name: name, generation: generation), effects: &effects, timers: &timers)
            }
        }
    }
}
