import DequeModule
import SandboxCore

/// Every event of a session, in the order it happened, with a bounded cost per event.
///
/// Events are stored in a compact 64-byte record (ids of parents as distances, node ids
/// as 32-bit integers). With a window set, only the newest `window` events are kept and
/// older ones are forgotten; vector timestamps then cover only what is still kept, and
/// say so.
public struct TraceStore: Sendable {
    @usableFromInline struct Record: Sendable {
        var time: Int64
        var wallClock: Int64  // Int64.min: none
        var lamport: UInt32
        var sequence: UInt32
        var node: Int32  // 0: none
        var peer: Int32
        var localParentDistance: UInt32  // 0: none
        var messageParentDistance: UInt32
        var kind: EventKind
        var dropReason: UInt8  // 0: none
        var label: String
    }

    @usableFromInline var records: Deque<Record> = []
    /// The id of `records.first`.
    public private(set) var firstKeptID = 1
    /// How many events are kept at most; nil keeps all.
    public private(set) var window: Int?

    public init(window: Int? = nil) { self.window = window }

    /// The id the next event will get.
    public var nextID: EventID { EventID(firstKeptID + records.count) }
    /// The newest event's id, if any.
    public var lastID: EventID? { records.isEmpty ? nil : EventID(firstKeptID + records.count - 1) }
    /// How many events are kept.
    public var count: Int { records.count }
    /// How many events were recorded since the session began, forgotten ones included.
    public var totalRecorded: Int { firstKeptID - 1 + records.count }
    /// True when older events have been forgotten because of the window.
    public var isTruncated: Bool { firstKeptID > 1 }

    /// Keeps only the newest `window` events from now on (nil keeps everything).
    public mutating func setWindow(_ window: Int?) {
        self.window = window
        trimToWindow()
    }

    /// Appends an event; its id must be ``nextID``.
    @discardableResult
    public mutating func append(_ event: TraceEvent) -> EventID {
        precondition(event.id == nextID, "trace ids are consecutive")
        let id = event.id.rawValue
        records.append(Record(
            time: event.time.microseconds,
            wallClock: event.wallClock ?? .min,
            lamport: UInt32(truncatingIfNeeded: event.lamport),
            sequence: UInt32(truncatingIfNeeded: event.sequence),
            node: Int32(event.node?.rawValue ?? 0),
            peer: Int32(event.peer?.rawValue ?? 0),
            localParentDistance: event.localParent.map { UInt32(truncatingIfNeeded: id - $0.rawValue) } ?? 0,
            messageParentDistance: event.messageParent.map { UInt32(truncatingIfNeeded: id - $0.rawValue) } ?? 0,
            kind: event.kind,
            dropReason: event.dropReason?.rawValue ?? 0,
            label: event.label))
        if let window, records.count > window { records.removeFirst() ; firstKeptID += 1 }
        return event.id
    }

    /// The event with this id, if it is still kept.
    public subscript(id: EventID) -> TraceEvent? {
        guard let index = index(of: id) else { return nil }
        return event(at: index)
    }

    /// True when `id` was recorded but has been forgotten by the window.
    public func wasForgotten(_ id: EventID) -> Bool { id.rawValue >= 1 && id.rawValue < firstKeptID }

    /// Kept events with ids in `range`, oldest first.
    public func events(in range: ClosedRange<Int>) -> [TraceEvent] {
        let lower = max(range.lowerBound, firstKeptID)
        let upper = min(range.upperBound, firstKeptID + records.count - 1)
        guard lower <= upper else { return [] }
        return (lower...upper).map { event(at: $0 - firstKeptID) }
    }

    /// Every kept event after `id` (all kept events when `id` is nil).
    public func events(after id: EventID?) -> [TraceEvent] {
        events(in: (id?.rawValue ?? 0) + 1 ... Int.max - 1)
    }

    /// The newest `count` kept events.
    public func last(_ count: Int) -> [TraceEvent] {
        let start = firstKeptID + max(records.count - count, 0)
        return events(in: start ... Int.max - 1)
    }

    /// All kept events, oldest first.
    public var allEvents: [TraceEvent] { events(after: nil) }

    // MARK: - Internals shared with the causality queries

    @usableFromInline func index(of id: EventID) -> Int? {
        let index = id.rawValue - firstKeptID
        return index >= 0 && index < records.count ? index : nil
    }

    func event(at index: Int) -> TraceEvent {
        let record = records[index]
        let id = firstKeptID + index
        return TraceEvent(
            id: EventID(id),
            time: SimTime(microseconds: record.time),
            node: record.node == 0 ? nil : NodeID(Int(record.node)),
            kind: record.kind,
            peer: record.peer == 0 ? nil : NodeID(Int(record.peer)),
            wallClock: record.wallClock == .min ? nil : record.wallClock,
            lamport: Int(record.lamport),
            sequence: Int(record.sequence),
            localParent: record.localParentDistance == 0 ? nil : EventID(id - Int(record.localParentDistance)),
            messageParent: record.messageParentDistance == 0 ? nil : EventID(id - Int(record.messageParentDistance)),
            label: record.label,
            dropReason: record.dropReason == 0 ? nil : DropReason(rawValue: record.dropReason))
    }

    private mutating func trimToWindow() {
        guard let window, records.count > window else { return }
        let excess = records.count - window
        records.removeFirst(excess)
        firstKeptID += excess
    }
}
