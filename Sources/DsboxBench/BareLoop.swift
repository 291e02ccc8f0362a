import Protocols
import SandboxCore
import Simulator

/// The baseline: the echo workload on the kernel's own event queue (``EventQueue``,
/// ordered by time and insertion), with the behaviour called as a plain function. No
/// actors, no router, no trace; this is what the workload costs with nothing of the
/// kernel around it.
enum BareLoop {
    static func measure(_ workload: EchoWorkload) -> CaseResult {
        var queue = EventQueue<BareMessage>()
        let ids = workload.ids
        let members = ids
        let latency = EchoWorkload.latency.microseconds
        var behaviours = [EchoBehaviour](repeating: EchoBehaviour(), count: workload.nodes)
        var randoms = ids.map { SeededRandom(seed: EchoWorkload.seed, stream: .behaviour(of: $0)) }
        var picker = workload.makePeerPicker()
        var effects: [Effect] = []
        effects.reserveCapacity(16)
        var now: Int64 = 0
        var deliveries = 0
        var sent = 0

        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<workload.rounds {
            for sender in 0..<workload.nodes {
                for _ in 0..<workload.fanout {
                    let peer = picker.peer(of: sender)
                    queue.insert(BareMessage(from: ids[sender], to: ids[peer],
                                             payload: UserMessage(label: MessageLabels.label(sent))),
                                 at: SimTime(microseconds: now + latency))
                    sent += 1
                }
            }
            let target = now + 2 * latency
            while let next = queue.nextTime, next.microseconds <= target {
                let (time, message) = queue.removeFirst()
                now = time.microseconds
                let index = message.to.rawValue - 1
                var context = BehaviourContext(me: message.to, members: members, wallClock: now,
                                               monotonicClock: now, random: randoms[index])
                swap(&context.effects, &effects)
                behaviours[index].handle(.message(from: message.from, payload: message.payload), context: &context)
                randoms[index] = context.random
                swap(&context.effects, &effects)
                deliveries += 1
                for effect in effects {
                    if case .send(let to, let payload) = effect {
                        queue.insert(BareMessage(from: message.to, to: to, payload: payload),
                                     at: SimTime(microseconds: now + latency))
                    }
                }
                effects.removeAll(keepingCapacity: true)
            }
            now = target
        }
        let seconds = Self.seconds(clock.now - started)
        return CaseResult(loop: .bare, nodes: workload.nodes, deliveries: deliveries, tracedEvents: 0,
                          drops: 0, seconds: seconds, peakKB: PeakMemory.highWaterMarkKB())
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attos) = duration.components
        return Double(whole) + Double(attos) * 1e-18
    }
}

/// One message the bare loop delivers.
struct BareMessage {
    let from: NodeID
    let to: NodeID
    let payload: any Payload
}
