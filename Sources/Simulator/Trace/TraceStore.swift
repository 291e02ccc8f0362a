import SandboxCore

/// Every event of a session, in the order it happened, with a bounded cost per event.
///
/// Events are stored in a compact 64-byte record (ids of parents as distances, node ids
/// as 32-bit integers), in chunks of 65,536 records: appending never copies more than
/// one chunk, so memory does not double while the trace grows. With a window set, only
/// the newest `window` events are kept: older ones are forgotten at once, and their
/// storage is released a whole chunk at a time. Vector timestamps then cover only what
/// is still kept, and say so.
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

    static let chunkShift = 16
    static let chunkSize = 1 << chunkShift
    private var chunks: [ContiguousArray<Record>] = []
    /// The id of the first record of `chunks[0]`.
    private var chunkBaseID = 1
    private var storedCount = 0
    /// The oldest event still kept.
    public private(set) var firstKeptID = 1
    /// How many events are kept at most; nil keeps all.
    public private(set) var window: Int?

    public init(window: Int? = nil) { self.window = window }

    /// The id the next event will get.
    public var nextID: EventID { EventID(chunkBaseID + storedCount) }
    /// The newest event's id, if any.
    public var lastID: EventID? { count == 0 ? nil : EventID(chunkBaseID + storedCount - 1) }
    /// How many events are kept.
    public var count: Int { chunkBaseID + storedCount - firstKeptID }
    /// How many events were recorded since the session began, forgotten ones included.
    public var totalRecorded: Int { chunkBaseID - 1 + storedCount }
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
        return append(time: event.time, node: event.node, kind: event.kind, peer: event.peer,
                      wallClock: event.wallClock, lamport: event.lamport, sequence: event.sequence,
                      localParent: event.localParent, messageParent: event.messageParent,
                      label: event.label, dropReason: event.dropReason)
    }

    /// Appends an event with the next id, from its fields (the simulator's fast path).
    @discardableResult
    mutating func append(time: SimTime, node: NodeID?, kind: EventKind, peer: NodeID? = nil,
                         wallClock: Int64? = nil, lamport: Int, sequence: Int = 0,
                         localParent: EventID? = nil, messageParent: EventID? = nil,
                         label: String, dropReason: DropReason? = nil) -> EventID {
        let id = chunkBaseID + storedCount
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            var chunk = ContiguousArray<Record>()
            // The first chunk grows as needed (most sessions are small); later ones are
            // reserved whole, so filling them never copies.
            if !chunks.isEmpty { chunk.reserveCapacity(Self.chunkSize) }
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(Record(
            time: time.microseconds,
            wallClock: wallClock ?? .min,
            lamport: UInt32(truncatingIfNeeded: lamport),
            sequence: UInt32(truncatingIfNeeded: sequence),
            node: Int32(node?.rawValue ?? 0),
            peer: Int32(peer?.rawValue ?? 0),
            localParentDistance: localParent.map { UInt32(truncatingIfNeeded: id - $0.rawValue) } ?? 0,
            messageParentDistance: messageParent.map { UInt32(truncatingIfNeeded: id - $0.rawValue) } ?? 0,
            kind: kind,
            dropReason: dropReason?.rawValue ?? 0,
            label: label))
        storedCount += 1
        if window != nil { trimToWindow() }
        return EventID(id)
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
        let upper = min(range.upperBound, nextID.rawValue - 1)
        guard lower <= upper else { return [] }
        return (lower...upper).map { event(at: $0 - firstKeptID) }
    }

    /// Every kept event after `id` (all kept events when `id` is nil).
    public func events(after id: EventID?) -> [TraceEvent] {
        events(in: (id?.rawValue ?? 0) + 1 ... Int.max - 1)
    }

    /// The newest `count` kept events.
    public func last(_ count: Int) -> [TraceEvent] {
        let start = firstKeptID + max(self.count - count, 0)
        return events(in: start ... Int.max - 1)
    }

    /// All kept events, oldest first.
    public var allEvents: [TraceEvent] { events(after: nil) }

    // MARK: - Internals shared with the causality queries

    /// The position of `id` among the kept events (0 is the oldest kept).
    @usableFromInline func index(of id: EventID) -> Int? {
        let index = id.rawValue - firstKeptID
        return index >= 0 && index < count ? index : nil
    }

    /// The record at a position among the kept events.
    @inline(__always) func record(at index: Int) -> Record {
        let stored = index + firstKeptID - chunkBaseID
        return chunks[stored >> Self.chunkShift][stored & (Self.chunkSize - 1)]
    }

    /// How far back the message parent of the record at `index` is (0: none), read
    /// without copying the record.
    @inline(__always) func messageParentDistance(at index: Int) -> UInt32 {
        let stored = index + firstKeptID - chunkBaseID
        return chunks[stored >> Self.chunkShift][stored & (Self.chunkSize - 1)].messageParentDistance
    }

    /// What causality needs of the record at `index`, read without copying its label.
    @inline(__always) func causalFields(at index: Int)
        -> (node: Int32, kind: EventKind, sequence: UInt32, localParentDistance: UInt32, messageParentDistance: UInt32) {
        let stored = index + firstKeptID - chunkBaseID
        return chunks[stored >> Self.chunkShift].withUnsafeBufferPointer { chunk in
            let record = chunk.baseAddress! + (stored & (Self.chunkSize - 1))
            return (record.pointee.node, record.pointee.kind, record.pointee.sequence,
                    record.pointee.localParentDistance, record.pointee.messageParentDistance)
        }
    }

    func event(at index: Int) -> TraceEvent {
        let record = record(at: index)
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
        guard let window, count > window else { return }
        firstKeptID = nextID.rawValue - window
        while chunks.count > 1, firstKeptID - chunkBaseID >= Self.chunkSize {
            chunks.removeFirst()
            chunkBaseID += Self.chunkSize
            storedCount -= Self.chunkSize
        }
    }
}
