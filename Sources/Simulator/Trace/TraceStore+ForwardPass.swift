import SandboxCore

/// How far one forward pass went, for callers that show progress and for tests that
/// check how much of the trace a view reads.
public struct ForwardPassReport: Sendable, Equatable {
    /// Kept events the pass read (each at most twice: once to learn which sends are
    /// still needed, once to compute vectors).
    public var visitedEvents: Int
    /// False when `shouldStop` ended the pass early.
    public var completed: Bool
}

extension TraceStore {
    /// The running vector clock of one node, or the stored vector of one send.
    struct RunningVector {
        var clock = SparseClock()
        var isTruncated = false
    }

    /// Vector timestamps of the kept events from `first` through `last`, in one forward
    /// pass from the oldest kept event, as a real vector clock would compute them: each
    /// node keeps a running sparse vector; a send's vector is kept only until its last
    /// delivery (or drop, or duplicate) has been read. The values equal ``vector(of:)``'s.
    ///
    /// Cost: O(events up to `last` × non-zero entries), whatever the number of rows asked
    /// for, and memory for one vector per node plus one per message still in flight,
    /// instead of one causal-past walk per row. `shouldStop` is asked every 4,096 events.
    @discardableResult
    public func forEachVector(from first: EventID, through last: EventID, shouldStop: () -> Bool = { false },
                              _ body: (TraceEvent, VectorTimestamp) -> Void) -> ForwardPassReport {
        let lower = max(first.rawValue - firstKeptID, 0)
        let upper = min(last.rawValue - firstKeptID, count - 1)
        guard lower <= upper else { return ForwardPassReport(visitedEvents: 0, completed: true) }
        return forwardPass(through: upper, reportingFrom: lower, shouldStop: shouldStop) { position, vector in
            body(event(at: position), vector.clock.timestamp(isTruncated: vector.isTruncated))
        }
    }

    /// Vector timestamps of `ids` (each nil when unknown or forgotten), from one forward
    /// pass up to the newest of them.
    public func vectors(of ids: [EventID]) -> [VectorTimestamp?] {
        vectors(of: ids, shouldStop: { false })!
    }

    /// ``vectors(of:)`` that gives up, returning nil, when `shouldStop` says so.
    public func vectors(of ids: [EventID], shouldStop: () -> Bool) -> [VectorTimestamp?]? {
        let positions = ids.map { index(of: $0) }
        let wanted = Set(positions.compactMap { $0 })
        guard let upper = wanted.max(), let lower = wanted.min() else { return ids.map { _ in nil } }
        var found: [Int: VectorTimestamp] = [:]
        let report = forwardPass(through: upper, reportingFrom: lower, shouldStop: shouldStop) { position, vector in
            if wanted.contains(position) { found[position] = vector.clock.timestamp(isTruncated: vector.isTruncated) }
        }
        guard report.completed else { return nil }
        return positions.map { $0.flatMap { found[$0] } }
    }

    /// The pass itself, over kept positions `0...upper`; `visit` sees positions from
    /// `reportingFrom` on.
    @discardableResult
    func forwardPass(through upper: Int, reportingFrom lower: Int, shouldStop: () -> Bool,
                     _ visit: (_ position: Int, _ vector: RunningVector) -> Void) -> ForwardPassReport {
        // Which event reads each send last, so its vector can be let go after that.
        var lastReader = [Int32](repeating: -1, count: upper + 1)
        for position in 0...upper {
            let distance = messageParentDistance(at: position)
            if distance != 0, position >= Int(distance) { lastReader[position - Int(distance)] = Int32(position) }
        }
        var running: [RunningVector?] = []
        var inFlight: [Int: RunningVector] = [:]
        for position in 0...upper {
            if position & 4095 == 0, position > 0, shouldStop() {
                return ForwardPassReport(visitedEvents: upper + 1 + position, completed: false)
            }
            let record = causalFields(at: position)
            let node = Int(record.node)
            var vector: RunningVector
            if record.kind.isProcessEvent {
                if node >= running.count { running.append(contentsOf: repeatElement(nil, count: node + 1 - running.count)) }
                // The node's previous process event is its local parent; if that was
                // forgotten, so was part of this event's past.
                // Taken out of the array so that updating it does not copy its entries.
                vector = running[node].take() ?? RunningVector(isTruncated: record.localParentDistance != 0)
                if record.messageParentDistance != 0 {
                    let message = messageVector(at: position, distance: record.messageParentDistance,
                                                lastReader: lastReader, inFlight: &inFlight)
                    vector.clock.merge(message.clock)
                    vector.isTruncated = vector.isTruncated || message.isTruncated
                }
                vector.clock.set(record.node, to: record.sequence)
                running[node] = vector
                if lastReader[position] > Int32(position) { inFlight[position] = vector }
            } else if record.messageParentDistance != 0 {
                vector = messageVector(at: position, distance: record.messageParentDistance,
                                       lastReader: lastReader, inFlight: &inFlight)
            } else if record.localParentDistance != 0 {
                // A fault or note hangs from its node's latest process event.
                let parent = position - Int(record.localParentDistance)
                if parent < 0 {
                    vector = RunningVector(isTruncated: true)
                } else if node < running.count, let latest = running[node] {
                    vector = latest
                } else {
                    vector = walkedVector(at: parent)
                }
            } else {
                vector = RunningVector()
            }
            if position >= lower { visit(position, vector) }
        }
        return ForwardPassReport(visitedEvents: 2 * (upper + 1), completed: true)
    }

    /// The vector of the send a message event at `position` belongs to.
    private func messageVector(at position: Int, distance: UInt32, lastReader: [Int32],
                               inFlight: inout [Int: RunningVector]) -> RunningVector {
        let send = position - Int(distance)
        guard send >= 0 else { return RunningVector(isTruncated: true) }
        let vector = inFlight[send] ?? walkedVector(at: send)
        if lastReader[send] == Int32(position) { inFlight[send] = nil }
        return vector
    }

    /// A fallback for a parent that is not where the pass expects it: its vector by
    /// walking its causal past.
    private func walkedVector(at position: Int) -> RunningVector {
        guard let timestamp = vector(of: EventID(firstKeptID + position)) else { return RunningVector() }
        var clock = SparseClock()
        for entry in timestamp.entries { clock.set(Int32(entry.node.rawValue), to: UInt32(entry.count)) }
        return RunningVector(clock: clock, isTruncated: timestamp.isTruncated)
    }
}
