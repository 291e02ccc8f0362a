import HeapModule
import Protocols
import SandboxCore

/// The baseline: the echo workload on a swift-collections `Heap` ordered by (time,
/// sequence), with the behaviour called as a plain function. No actors, no router, no
/// trace; this is what the workload costs with nothing of the kernel around it.
///
/// The loop is generic over how the heap holds a message (see ``BareEventQueue``), so
/// the same code measures the kernel's layout (the whole message in the heap) and a
/// layout whose heap entries are plain integers.
enum BareLoop {
    static func measure<Queue: BareEventQueue>(_ workload: EchoWorkload, queue: Queue, as loop: LoopKind) -> CaseResult {
        var queue = queue
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
                    queue.push(time: now + latency, from: ids[sender], to: ids[peer],
                               payload: UserMessage(label: MessageLabels.label(sent)))
                    sent += 1
                }
            }
            let target = now + 2 * latency
            while let message = queue.popMin(notAfter: target) {
                now = message.time
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
                        queue.push(time: now + latency, from: message.to, to: to, payload: payload)
                    }
                }
                effects.removeAll(keepingCapacity: true)
            }
            now = target
        }
        let seconds = Self.seconds(clock.now - started)
        return CaseResult(loop: loop, nodes: workload.nodes, deliveries: deliveries, tracedEvents: 0,
                          drops: 0, seconds: seconds, peakKB: PeakMemory.highWaterMarkKB())
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attos) = duration.components
        return Double(whole) + Double(attos) * 1e-18
    }
}

/// One message the bare loop delivers.
struct BareMessage {
    let time: Int64
    let from: NodeID
    let to: NodeID
    let payload: any Payload
}

/// The bare loop's pending messages, popped in (time, insertion order).
protocol BareEventQueue {
    mutating func push(time: Int64, from: NodeID, to: NodeID, payload: any Payload)
    /// The earliest message due at or before `limit`, removed; nil when there is none.
    mutating func popMin(notAfter limit: Int64) -> BareMessage?
}

/// The kernel's layout: each heap entry holds the whole message, payload included, as
/// the simulator's `ScheduledEvent` holds its envelope.
struct InlineEventQueue: BareEventQueue {
    /// One heap entry: the message and its (time, sequence) key.
    struct Entry: Comparable {
        let sequence: UInt64
        let message: BareMessage

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.message.time != rhs.message.time ? lhs.message.time < rhs.message.time : lhs.sequence < rhs.sequence
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.message.time == rhs.message.time && lhs.sequence == rhs.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var sequence: UInt64 = 0

    mutating func push(time: Int64, from: NodeID, to: NodeID, payload: any Payload) {
        sequence &+= 1
        heap.insert(Entry(sequence: sequence, message: BareMessage(time: time, from: from, to: to, payload: payload)))
    }

    mutating func popMin(notAfter limit: Int64) -> BareMessage? {
        guard let next = heap.min, next.message.time <= limit else { return nil }
        return heap.removeMin().message
    }
}

/// Heap entries that are plain integers, (time, sequence, slot), with the messages kept
/// in a slab beside the heap. Comparing or moving an entry copies no payload, which
/// matters because `Heap` reads elements by value while it sifts.
struct KeyedEventQueue: BareEventQueue {
    /// One heap entry: the key and where its message waits.
    struct Key: Comparable {
        let time: Int64
        let sequence: UInt64
        let slot: Int

        static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
        }

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.time == rhs.time && lhs.sequence == rhs.sequence }
    }

    private var heap = Heap<Key>()
    private var sequence: UInt64 = 0
    private var slab: [BareMessage?] = []
    private var freeSlots: [Int] = []

    mutating func push(time: Int64, from: NodeID, to: NodeID, payload: any Payload) {
        sequence &+= 1
        let message = BareMessage(time: time, from: from, to: to, payload: payload)
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            slab[slot] = message
        } else {
            slot = slab.count
            slab.append(message)
        }
        heap.insert(Key(time: time, sequence: sequence, slot: slot))
    }

    mutating func popMin(notAfter limit: Int64) -> BareMessage? {
        guard let next = heap.min, next.time <= limit else { return nil }
        let key = heap.removeMin()
        let message = slab[key.slot].take()
        freeSlots.append(key.slot)
        return message
    }
}
