import SandboxCore

/// Which trace events a person wants to see: at some nodes, of some kinds, in a window
/// of virtual time. Every part left empty lets everything through, so the empty filter
/// matches every event. `show trace n1 n2 kind send,deliver from 1s to 2s` builds one;
/// live mode can use the same value to thin what it prints.
public struct EventFilter: Sendable, Equatable {
    /// Events at one of these nodes (network-wide events have no node and never match a
    /// node filter); empty: every node.
    public var nodes: [NodeID]
    /// Events of one of these kinds; empty: every kind.
    public var kinds: [EventKind]
    /// Events at or after this instant of virtual time.
    public var from: SimTime?
    /// Events at or before this instant of virtual time.
    public var to: SimTime?
    /// Events whose label's first word is one of these are left out (`hide heartbeat`
    /// hides a protocol's heartbeats and their acknowledgements); empty: none.
    public var hidden: [String]

    public init(nodes: [NodeID] = [], kinds: [EventKind] = [], from: SimTime? = nil, to: SimTime? = nil,
                hidden: [String] = []) {
        self.nodes = nodes
        self.kinds = kinds
        self.from = from
        self.to = to
        self.hidden = hidden
    }

    /// True when the filter lets every event through.
    public var isEmpty: Bool { nodes.isEmpty && kinds.isEmpty && from == nil && to == nil && hidden.isEmpty }

    /// True when only the time window is set (so counting is arithmetic, not a scan).
    var filtersOnlyByTime: Bool { nodes.isEmpty && kinds.isEmpty && hidden.isEmpty }

    public func matches(_ event: TraceEvent) -> Bool {
        if let from, event.time < from { return false }
        if let to, event.time > to { return false }
        return matches(node: Int32(event.node?.rawValue ?? 0), kind: event.kind) && !hides(event.label)
    }

    /// True when `label`'s first word is one the filter hides.
    func hides(_ label: String) -> Bool {
        guard !hidden.isEmpty else { return false }
        let first = label.prefix { $0 != " " }
        return hidden.contains { $0 == first }
    }

    /// The node and kind part of ``matches(_:)``, on a stored record's fields.
    @inline(__always) func matches(node: Int32, kind: EventKind) -> Bool {
        if !kinds.isEmpty, !kinds.contains(kind) { return false }
        if !nodes.isEmpty, node == 0 || !nodes.contains(where: { $0.rawValue == Int(node) }) { return false }
        return true
    }
}

/// The events a listing shows: the newest ones a filter matches.
public struct TraceSelection: Sendable {
    /// The chosen events, oldest first.
    public var events: [TraceEvent]
    /// How many older events match the filter but were left out by the limit.
    public var earlierMatching: Int
    /// False when `shouldStop` ended the search early (then the selection is partial).
    public var completed: Bool
}

extension TraceStore {
    /// The newest `limit` kept events that `filter` matches, oldest first, with a count of
    /// the older matching ones left out.
    ///
    /// Cost: two binary searches for the time window, then a backward scan of the
    /// window's stored records (no event is built unless chosen); without node or kind
    /// filters only the chosen events are read. `shouldStop` is asked every 4,096 events.
    public func newest(_ limit: Int, matching filter: EventFilter, shouldStop: () -> Bool = { false }) -> TraceSelection {
        let lower = filter.from.map { firstPosition(notBefore: $0) } ?? 0
        let upper = (filter.to.map { firstPosition(after: $0) } ?? count) - 1
        guard lower <= upper, limit > 0 else {
            return TraceSelection(events: [], earlierMatching: max(upper - lower + 1, 0), completed: true)
        }
        if filter.filtersOnlyByTime {
            let first = max(lower, upper - limit + 1)
            return TraceSelection(events: (first...upper).map { event(at: $0) }, earlierMatching: first - lower, completed: true)
        }
        var chosen: [Int] = []
        var earlier = 0
        var scanned = 0
        for position in stride(from: upper, through: lower, by: -1) {
            scanned += 1
            if scanned & 4095 == 0, shouldStop() {
                return TraceSelection(events: [], earlierMatching: 0, completed: false)
            }
            let record = record(at: position)
            guard filter.matches(node: record.node, kind: record.kind) else { continue }
            if !filter.hidden.isEmpty, filter.hides(event(at: position).label) { continue }
            if chosen.count < limit { chosen.append(position) } else { earlier += 1 }
        }
        return TraceSelection(events: chosen.reversed().map { event(at: $0) }, earlierMatching: earlier, completed: true)
    }

    /// The first kept position whose time is at or after `time` (events are recorded in
    /// time order); `count` when there is none.
    func firstPosition(notBefore time: SimTime) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if record(at: middle).time < time.microseconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first kept position whose time is after `time`; `count` when there is none.
    func firstPosition(after time: SimTime) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if record(at: middle).time <= time.microseconds { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
