import HeapModule
import SandboxCore

/// Pending events in (time, insertion order): the discrete-event core of the driver.
///
/// The heap holds only small integer keys, (time, sequence, slot); the events wait in
/// a slab beside it, reused through a free list. swift-collections' `Heap` copies
/// elements while it sifts, so keeping payloads (existentials, strings) out of it makes
/// each push and pop a few word moves instead of retain/release traffic. Push and pop
/// are O(log n).
public struct EventQueue<Element> {
    @usableFromInline struct Key: Comparable, Sendable {
        @usableFromInline let time: Int64
        @usableFromInline let sequence: UInt64
        @usableFromInline let slot: Int

        @inlinable init(time: Int64, sequence: UInt64, slot: Int) {
            self.time = time
            self.sequence = sequence
            self.slot = slot
        }

        @inlinable static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
        }

        @inlinable static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.time == rhs.time && lhs.sequence == rhs.sequence
        }
    }

    @usableFromInline var heap = Heap<Key>()
    @usableFromInline var slab: [Element?] = []
    @usableFromInline var freeSlots: [Int] = []
    @usableFromInline var sequence: UInt64 = 0

    @inlinable public init() {}

    /// How many events wait.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The time of the earliest event, if any.
    @inlinable public var nextTime: SimTime? { heap.min.map { SimTime(microseconds: $0.time) } }

    /// Adds an event due at `time`; among events due at the same time it comes last.
    @inlinable public mutating func insert(_ element: Element, at time: SimTime) {
        sequence &+= 1
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            slab[slot] = element
        } else {
            slot = slab.count
            slab.append(element)
        }
        heap.insert(Key(time: time.microseconds, sequence: sequence, slot: slot))
    }

    /// Removes and returns the earliest event.
    @inlinable public mutating func removeFirst() -> (time: SimTime, element: Element) {
        let key = heap.removeMin()
        let element = slab[key.slot].take()!
        freeSlots.append(key.slot)
        return (SimTime(microseconds: key.time), element)
    }
}

extension EventQueue: Sendable where Element: Sendable {}
