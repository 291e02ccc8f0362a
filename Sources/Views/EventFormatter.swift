import SandboxCore
import Simulator

/// How one trace event reads in a transcript: one line, columns in a fixed order
/// (id, true time, node, the node's wall clock, Lamport time, kind, what happened).
public enum EventFormatter {
    /// One line for a stream of events, as `run` and `step` print them; with the ANSI
    /// style, the kind and what happened are coloured by kind. `layout` sets the column
    /// widths (make one for the whole batch, so its lines align) and whether the wall
    /// clock column is shown.
    public static func line(_ event: TraceEvent, layout: EventLineLayout = EventLineLayout(), style: TerminalStyle = .plain) -> String {
        let node = event.node.map(\.description) ?? "net"
        var columns = [
            event.id.description.padding(toWidth: layout.idWidth),
            event.time.description.padding(toWidth: layout.timeWidth),
            node.padding(toWidth: layout.nodeWidth),
        ]
        if layout.showsWallClock {
            columns.append((event.wallClock.map { "wall " + TimeFormat.seconds($0) } ?? "").padding(toWidth: layout.wallWidth))
        }
        columns.append((event.node == nil ? "" : "L\(event.lamport)").padding(toWidth: layout.lamportWidth))
        let what = trimmed(event.kind.description.padding(toWidth: EventLineLayout.kindWidth) + " " + summary(event))
        return columns.joined(separator: " ") + " " + style.paint(what, as: event.kind)
    }

    /// What happened, in words: `m1 to n2`, `m1 from n1 (sent e3)`, `m2 to n3: partitioned`.
    public static func summary(_ event: TraceEvent) -> String {
        let peer = event.peer.map(\.description) ?? "?"
        switch event.kind {
        case .send: return "\(event.label) to \(peer)"
        case .deliver:
            let sent = event.messageParent.map { " (sent \($0))" } ?? ""
            return "\(event.label) from \(peer)\(sent)"
        case .drop:
            let reason = event.dropReason.map(\.description) ?? "dropped"
            return event.messageParent.map { _ in "\(event.label) \(direction(event)) \(peer): \(reason)" }
                ?? "\(event.label): \(reason)"
        case .duplicate: return "\(event.label) to \(peer) will arrive twice"
        case .cut: return event.label
        case .isolate: return "\(event.label) cut off from every other node"
        case .heal: return "all links restored"
        default: return event.label
        }
    }

    /// A drop decided at the sender reads "to", one at a dead receiver reads "from".
    private static func direction(_ event: TraceEvent) -> String {
        switch event.dropReason {
        case .receiverCrashed, .lostInCrash: "from"
        default: "to"
        }
    }

    static func trimmed(_ text: String) -> String {
        String(text.reversed().drop { $0 == " " }.reversed())
    }
}
