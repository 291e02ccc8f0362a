import SandboxCore

/// A vector timestamp: for each node, how many of its process events are in an event's
/// causal past (the event itself included). Nodes with 0 are left out.
public struct VectorTimestamp: Sendable, Equatable, CustomStringConvertible {
    /// Entries sorted by node id, all greater than zero.
    public private(set) var entries: [(node: NodeID, count: Int)]
    /// True when part of the causal past was forgotten by the trace window, so entries
    /// may be too small.
    public var isTruncated: Bool

    public init(_ counts: [NodeID: Int], isTruncated: Bool = false) {
        entries = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.isTruncated = isTruncated
    }

    /// From entries already sorted by node, all greater than zero.
    init(sortedEntries: [(node: NodeID, count: Int)], isTruncated: Bool) {
        entries = sortedEntries
        self.isTruncated = isTruncated
    }

    public subscript(node: NodeID) -> Int { entries.first { $0.node == node }?.count ?? 0 }

    public static func == (lhs: VectorTimestamp, rhs: VectorTimestamp) -> Bool {
        lhs.isTruncated == rhs.isTruncated && lhs.entries.elementsEqual(rhs.entries) { $0 == $1 }
    }

    /// Written densely over `nodes`, as textbooks do: `(2,0,1)`.
    public func dense(over nodes: [NodeID]) -> String {
        "(" + nodes.map { String(self[$0]) }.joined(separator: ",") + ")" + (isTruncated ? "…" : "")
    }

    /// Written sparsely: `{n1:2, n3:1}`.
    public var description: String {
        "{" + entries.map { "\($0.node):\($0.count)" }.joined(separator: ", ") + "}" + (isTruncated ? "…" : "")
    }
}

/// How two events are ordered by happens-before (Lamport, 1978).
public enum CausalOrder: Sendable, Equatable {
    case before, after, concurrent, same

    /// How process event `a` (with vector `va`) is ordered against process event `b`
    /// (with `vb`): `a → b` iff a's own entry is covered by b's vector (a ≠ b). Nil when
    /// either is not a process event. The one place this rule is written.
    public static func of(_ a: TraceEvent, _ va: VectorTimestamp, _ b: TraceEvent, _ vb: VectorTimestamp) -> CausalOrder? {
        guard a.kind.isProcessEvent, b.kind.isProcessEvent, let nodeA = a.node, let nodeB = b.node else { return nil }
        if a.id == b.id { return .same }
        if a.sequence <= vb[nodeA] { return .before }
        if b.sequence <= va[nodeB] { return .after }
        return .concurrent
    }
}

extension TraceStore {
    /// The vector timestamp of `id`, derived by walking its causal past once.
    ///
    /// Every process event raises its own node's counter by one, so an event's vector
    /// entry for node j is the largest `sequence` among j's events in its causal past.
    /// Cost: O(size of the causal past). Non-process events (drops, faults, notes) carry
    /// the vector of the process event they hang from. Returns nil for an id never recorded
    /// or forgotten by the window.
    public func vector(of id: EventID) -> VectorTimestamp? {
        guard let start = index(of: id) else { return nil }
        var maxima: [Int: Int] = [:]
        let truncated = walkCausalPast(from: start) { _, record in
            if record.kind.isProcessEvent {
                let node = Int(record.node)
                maxima[node] = max(maxima[node] ?? 0, Int(record.sequence))
            }
        }
        var counts: [NodeID: Int] = [:]
        for (node, count) in maxima { counts[NodeID(node)] = count }
        return VectorTimestamp(counts, isTruncated: truncated)
    }

    /// Visits every kept event in the causal past of position `start` (itself included)
    /// once, following local and message parents. Returns true when a parent had been
    /// forgotten by the window, so the walk saw only part of the past.
    private func walkCausalPast(from start: Int, _ visit: (_ position: Int, _ record: Record) -> Void) -> Bool {
        var visited = [UInt64](repeating: 0, count: start / 64 + 1)
        var truncated = false
        var stack = [start]
        while let position = stack.popLast() {
            let word = position >> 6, bit = UInt64(1) << UInt64(position & 63)
            if visited[word] & bit != 0 { continue }
            visited[word] |= bit
            let record = record(at: position)
            visit(position, record)
            if record.localParentDistance != 0 {
                let parent = position - Int(record.localParentDistance)
                if parent >= 0 { stack.append(parent) } else { truncated = true }
            }
            if record.messageParentDistance != 0 {
                let parent = position - Int(record.messageParentDistance)
                if parent >= 0 { stack.append(parent) } else { truncated = true }
            }
        }
        return truncated
    }

    /// Happens-before between two kept process events: `a → b` iff a's own entry is
    /// covered by b's vector (a ≠ b). Returns nil when either is unknown, forgotten,
    /// or not a process event.
    public func order(_ a: EventID, _ b: EventID) -> CausalOrder? {
        guard let ea = self[a], let eb = self[b], ea.kind.isProcessEvent, eb.kind.isProcessEvent,
              let va = vector(of: a), let vb = vector(of: b)
        else { return nil }
        return CausalOrder.of(ea, va, eb, vb)
    }

    /// Vector timestamps of every kept event in one forward pass (see
    /// ``forEachVector(from:through:shouldStop:_:)``, which does not hold them all).
    public func allVectors() -> [VectorTimestamp] { allVectors(shouldStop: { false })! }

    /// ``allVectors()`` that gives up, returning nil, when `shouldStop` says so.
    public func allVectors(shouldStop: () -> Bool) -> [VectorTimestamp]? {
        var vectors: [VectorTimestamp] = []
        vectors.reserveCapacity(count)
        guard let lastID else { return [] }
        let pass = forEachVector(from: EventID(firstKeptID), through: lastID, shouldStop: shouldStop) { _, vector in
            vectors.append(vector)
        }
        return pass.completed ? vectors : nil
    }
}

extension TraceStore {
    /// The process events in the causal past of `id` (every event that happens before
    /// it), oldest first; nil for an unknown or forgotten event.
    public func causalPast(of id: EventID) -> [EventID]? {
        guard let start = index(of: id) else { return nil }
        var past: [Int] = []
        _ = walkCausalPast(from: start) { position, record in
            if position != start, record.kind.isProcessEvent { past.append(position) }
        }
        return past.sorted().map { EventID(firstKeptID + $0) }
    }

    /// Every pair of concurrent events among `events` (process events only), in id order.
    /// Vectors come from one forward pass up to the newest of them.
    public func concurrentPairs(among events: [EventID]) -> [(EventID, EventID)] {
        concurrentPairs(among: events, shouldStop: { false })!
    }

    /// ``concurrentPairs(among:)`` that gives up, returning nil, when `shouldStop` says so.
    public func concurrentPairs(among events: [EventID], shouldStop: () -> Bool) -> [(EventID, EventID)]? {
        let chosen = events.filter { self[$0]?.kind.isProcessEvent == true }.sorted()
        guard let found = self.vectors(of: chosen, shouldStop: shouldStop) else { return nil }
        let vectors = found.map { $0! }
        let owners = chosen.map { (node: self[$0]!.node!, sequence: self[$0]!.sequence) }
        var pairs: [(EventID, EventID)] = []
        for i in chosen.indices {
            if i & 63 == 63, shouldStop() { return nil }
            for j in chosen.indices where j > i {
                let iBeforeJ = owners[i].sequence <= vectors[j][owners[i].node]
                let jBeforeI = owners[j].sequence <= vectors[i][owners[j].node]
                if !iBeforeJ && !jBeforeI { pairs.append((chosen[i], chosen[j])) }
            }
        }
        return pairs
    }
}
