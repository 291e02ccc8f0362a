import ProtocolKit
import SandboxCore
import Simulator

/// A text space-time diagram of the trace, as in Lamport's 1978 paper: one lane per node,
/// time flowing down, one row per event, messages drawn as arrows between the lanes.
///
/// ```
/// vectors over (n1,n2,n3)
///     n1      n2      n3    id   time       L   vector   what
///     ●       │       │     e4   0.000000s  L1  (1,0,0)  local a
///     ●─      │       │     e5   0.000000s  L2  (2,0,0)  send m1 to n2
///     ├─e5───▶●       │     e7   0.010000s  L3  (2,1,0)  deliver m1 from n1 (sent e5)
///     │╳──e10─┤       │     e11  0.010000s  L5  (2,3,0)  drop m4 to n1: partitioned
///     ●◀──────┼────e9─┤     e13  0.020000s  L3  (3,0,2)  deliver m3 from n3 (sent e9)
/// … 4 more events from e15 at 0.030000s; next page: diagram from 0.030000s
/// ```
///
/// Rows, oldest first:
/// - process events (local, send, deliver, timer, …) as `●` in their node's lane. A send
///   shows a stub `─` on the side the message leaves towards. A deliver draws the
///   message from the sender's lane (`├` or `┤`) to the receiver's, crossing the lanes in
///   between (`┼`), with a head `▶` or `◀` and the send's id written on the arrow when it
///   fits (the "what" column always names it).
/// - drops, as `╳` where the message was lost: just short of the receiver's lane for the
///   network's drops (loss, partitions, cuts), on the receiver's lane when the receiver
///   was down.
/// - every other event (spawns, faults, settings, duplicates, notes, network-wide
///   events) is skipped, as are events at nodes not in `nodes`. A deliver from a node
///   that is not drawn shows no arrow.
///
/// At the right of each row: the event's id, true time, Lamport time, vector timestamp
/// (dense over `nodes`; drops carry their send's) and what happened.
///
/// Window and paging: only events with `from <= time <= to` are drawn, at most
/// `maxEvents` rows; a last line says how many more rows the window holds and how to see
/// them (`diagram from 1.078330s`). Paging is by time, so events at the very instant
/// where a page ends show again at the top of the next one; when a whole page shares
/// that instant, the line asks for a higher limit instead, as paging by time cannot move
/// on. The trace records events in time order, which lets the start of the window be
/// found by binary search.
///
/// With `highlight`, the left margin relates every process event row to that event
/// (with ``TraceStore/order(_:_:)``): `>>` the event itself (drawn `◉`), `^` in its causal
/// past (happens before it), `v` in its causal future, `||` concurrent with it (drawn `○`).
///
/// Plain text, no colour: the glyphs are single-width box-drawing and geometric
/// characters, and every row has the same width up to the "what" column.
public enum SpaceTimeDiagram {
    /// How many rows a diagram shows when the caller does not say.
    public static let defaultMaxEvents = 40

    /// The diagram of `nodes` (in lane order, left to right) over the kept trace.
    ///
    /// Cost: a binary search for `from`, then one look at each event up to `to` (to count
    /// what did not fit), plus one forward pass for the vector timestamps of the drawn
    /// rows and of the highlighted event (see ``TraceStore/vectors(of:)``).
    public static func render(_ trace: TraceStore, nodes: [NodeID], from: SimTime? = nil, to: SimTime? = nil,
                              highlight: EventID? = nil, maxEvents: Int = defaultMaxEvents) -> String {
        render(trace, nodes: nodes, from: from, to: to, highlight: highlight, maxEvents: maxEvents, shouldStop: { false })!
    }

    /// ``render(_:nodes:from:to:highlight:maxEvents:)`` that gives up, returning nil,
    /// when `shouldStop` says so. `pageCommand` is how the next-page hint starts: the
    /// `diagram` command with the nodes, highlight and limit the person gave, so the next
    /// page keeps them.
    public static func render(_ trace: TraceStore, nodes: [NodeID], from: SimTime?, to: SimTime?,
                              highlight: EventID?, maxEvents: Int, pageCommand: String = "diagram",
                              shouldStop: () -> Bool) -> String? {
        let lanes = Lanes(nodes: nodes)
        guard !lanes.nodes.isEmpty else { return "no nodes to draw" }
        let page = Page(trace, lanes: lanes, from: from, to: to, maxEvents: maxEvents)
        guard !page.rows.isEmpty else { return emptyMessage(lanes: lanes, from: from, to: to, hidden: page.hiddenCount) }
        let usableFocus = highlight.flatMap { trace[$0]?.kind.isProcessEvent == true ? $0 : nil }
        guard var vectors = trace.vectors(of: page.rows.map(\.id) + (usableFocus.map { [$0] } ?? []),
                                          shouldStop: shouldStop) else { return nil }
        let focusVector = usableFocus == nil ? nil : vectors.removeLast()
        let focus = highlight.map { Focus(trace, id: $0, vector: focusVector) }

        var table = TextTable(headers: ["id", "time", "L", "vector", "what"])
        var laneText: [String] = []
        var markers: [String] = []
        for (event, vector) in zip(page.rows, vectors) {
            let relation = focus?.relation(of: event, vector: vector)
            markers.append(Focus.marker(for: relation))
            laneText.append(drawing(of: event, lanes: lanes, glyph: Focus.glyph(for: relation)))
            table.append([
                event.id.description, event.time.description, "L\(event.lamport)",
                vector?.dense(over: lanes.nodes) ?? "",
                EventFormatter.trimmed(event.kind.description + " " + EventFormatter.summary(event)).flattenedToOneLine,
            ])
        }
        let tableLines = table.render().split(separator: "\n", omittingEmptySubsequences: false)

        var lines = ["vectors over (" + lanes.nodes.map(\.description).joined(separator: ",") + ")"]
        lines.append(trimmedRight("   " + lanes.header + "  " + tableLines[0]))
        for index in page.rows.indices {
            let marker = markers[index].padding(toWidth: 2)
            lines.append(trimmedRight(marker + " " + laneText[index] + "  " + tableLines[index + 1]))
        }
        if let next = page.firstHidden {
            lines.append(moreLine(hidden: page.hiddenCount, next: next, firstShown: page.rows[0], to: to,
                                  maxEvents: maxEvents, command: pageCommand))
        }
        if let focus {
            lines.append(focus.legend(shownIDs: page.rows.map(\.id)))
        }
        return lines.joined(separator: "\n")
    }

    /// `… 8 more events from e9 at 0.010000s; next page: diagram from 0.010000s`, or, when
    /// the whole page shares the next event's instant so that paging by time cannot move
    /// on, a word to raise the limit instead.
    static func moreLine(hidden: Int, next: TraceEvent, firstShown: TraceEvent, to: SimTime?, maxEvents: Int,
                         command: String = "diagram") -> String {
        let count = "… \(hidden) more \(hidden == 1 ? "event" : "events") from \(next.id) at \(next.time)"
        guard next.time > firstShown.time else {
            return count + "; more than \(maxEvents) rows at \(next.time): raise the row limit to see past them"
        }
        return count + "; next page: \(command) from \(next.time)" + (to.map { " to \($0)" } ?? "")
    }

    static func emptyMessage(lanes: Lanes, from: SimTime?, to: SimTime?, hidden: Int) -> String {
        let names = lanes.nodes.map(\.description).joined(separator: " ")
        var window = ""
        switch (from, to) {
        case let (from?, to?): window = " between \(from) and \(to)"
        case let (from?, nil): window = " from \(from) on"
        case let (nil, to?): window = " up to \(to)"
        case (nil, nil): break
        }
        let capped = hidden > 0 ? " (maxEvents is 0; \(hidden) would be drawn)" : ""
        return "no events of \(names) to draw\(window)\(capped)"
    }

    static func trimmedRight(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}

// MARK: - Choosing the rows

extension SpaceTimeDiagram {
    /// The rows of one page: events in the time window that the diagram draws, and how
    /// many more the window holds after them.
    struct Page {
        var rows: [TraceEvent] = []
        var hiddenCount = 0
        var firstHidden: TraceEvent?

        init(_ trace: TraceStore, lanes: Lanes, from: SimTime?, to: SimTime?, maxEvents: Int) {
            let end = trace.nextID.rawValue
            var id = from.map { Self.firstID(in: trace, notBefore: $0) } ?? trace.firstKeptID
            let capacity = max(maxEvents, 0)
            while id < end, let event = trace[EventID(id)] {
                id += 1
                if let to, event.time > to { break }
                guard SpaceTimeDiagram.draws(event, lanes: lanes) else { continue }
                if rows.count < capacity {
                    rows.append(event)
                } else {
                    hiddenCount += 1
                    if firstHidden == nil { firstHidden = event }
                }
            }
        }

        /// The first kept event at or after `time` (events are recorded in time order).
        static func firstID(in trace: TraceStore, notBefore time: SimTime) -> Int {
            var low = trace.firstKeptID, high = trace.nextID.rawValue
            while low < high {
                let middle = low + (high - low) / 2
                if let event = trace[EventID(middle)], event.time < time { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// Process events and drops at a drawn node get a row; everything else is skipped.
    static func draws(_ event: TraceEvent, lanes: Lanes) -> Bool {
        guard lanes.lane(of: event.node) != nil else { return false }
        return event.kind.isProcessEvent || event.kind == .drop
    }
}

// MARK: - Highlighting one event's causal past, future and concurrent events

extension SpaceTimeDiagram {
    /// The event chosen with `highlight`, and how other events relate to it.
    struct Focus {
        let trace: TraceStore
        let id: EventID
        /// The focus event itself and its vector; nil when `id` is not a process event the
        /// trace still keeps.
        let focus: (event: TraceEvent, vector: VectorTimestamp)?

        var isUsable: Bool { focus != nil }

        init(_ trace: TraceStore, id: EventID, vector: VectorTimestamp?) {
            self.trace = trace
            self.id = id
            if let event = trace[id], event.kind.isProcessEvent, let vector { focus = (event, vector) } else { focus = nil }
        }

        /// How `event` (whose vector is `vector`) is ordered against the focus: `.before`
        /// when it is in its past; nil for events that are not process events
        /// (``CausalOrder/of(_:_:_:_:)``, on vectors already computed).
        func relation(of event: TraceEvent, vector: VectorTimestamp?) -> CausalOrder? {
            guard let focus, let vector else { return nil }
            return CausalOrder.of(event, vector, focus.event, focus.vector)
        }

        static func marker(for relation: CausalOrder?) -> String {
            switch relation {
            case .same: ">>"
            case .before: "^"
            case .after: "v"
            case .concurrent: "||"
            case nil: ""
            }
        }

        static func glyph(for relation: CausalOrder?) -> Character {
            switch relation {
            case .same: "◉"
            case .concurrent: "○"
            default: "●"
            }
        }

        func legend(shownIDs: [EventID]) -> String {
            guard isUsable else {
                let why = trace.wasForgotten(id) ? "forgotten by the trace window" : "not a process event of the trace"
                return "highlight \(id): \(why); nothing marked"
            }
            let outside = shownIDs.contains(id) ? "" : " (\(id) is not on this page)"
            return "highlight \(id): >> \(id) (◉); ^ happens before it, v after it, || concurrent (○)\(outside)"
        }
    }
}

extension String {
    /// The text with every line break turned into a space, for formats that are one
    /// record per line (diagram rows, ShiViz events, Mermaid statements).
    var flattenedToOneLine: String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }
}
