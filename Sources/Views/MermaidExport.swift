import SandboxCore
import Simulator

/// The trace as a Mermaid `sequenceDiagram`, to paste into Markdown (GitHub, GitLab and
/// most notebooks draw it).
///
/// ```
/// sequenceDiagram
///     participant n1
///     participant n2
///     Note over n1: a (e4) L=1
///     n1->>n2: m1 (e5→e7)
///     n2--xn1: m4 (e10 lost: partitioned)
/// ```
///
/// One statement per event, oldest first:
/// - a delivered message is an arrow drawn when it arrives, `n1->>n2: LABEL (SEND→DELIVER)`;
///   a duplicated message arrives, and is drawn, twice. Sends themselves draw nothing,
///   so a message still in flight does not appear.
/// - a dropped message is a crossed arrow, `n1--xn3: LABEL (SEND lost: REASON)`.
/// - local events are notes, `Note over n1: LABEL (e3) L=1`; other process events
///   (timers, …) likewise, with their kind first.
/// - crashes, restarts, pauses, resumes and the behaviours' own notes are notes over their
///   node; partitions, isolations, cuts and heals are notes over all participants.
/// - spawns, settings, duplications and replies are left out, as is anything at, from or
///   to a node not in `nodes`.
///
/// Labels are escaped with Mermaid's entity codes (`#59;` for `;`, `#35;` for `#`,
/// `#58;` for `:`, `#37;` for `%`, `#lt;`/`#gt;`/`#amp;`), so no label can end a
/// statement, start a comment or become HTML; line breaks become spaces.
public enum MermaidExport {
    /// The diagram, with `nodes` as participants in that order; ends with a newline.
    public static func sequenceDiagram(_ trace: TraceStore, nodes: [NodeID]) -> String {
        sequenceDiagram(trace, nodes: nodes, shouldStop: { false })!
    }

    /// ``sequenceDiagram(_:nodes:)`` that gives up, returning nil, when `shouldStop` says
    /// so (asked every 4,096 events).
    public static func sequenceDiagram(_ trace: TraceStore, nodes: [NodeID], shouldStop: () -> Bool) -> String? {
        var seen = Set<NodeID>()
        let participants = nodes.filter { seen.insert($0).inserted }
        var lines = ["sequenceDiagram"]
        lines += participants.map { "    participant \($0)" }
        for (index, event) in trace.allEvents.enumerated() {
            if index & 4095 == 4095, shouldStop() { return nil }
            if let statement = statement(for: event, participants: participants, drawn: seen) {
                lines.append("    " + statement)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func statement(for event: TraceEvent, participants: [NodeID], drawn: Set<NodeID>) -> String? {
        guard let node = event.node else { return networkNote(for: event, participants: participants) }
        guard drawn.contains(node) else { return nil }
        switch event.kind {
        case .send:
            return nil
        case .deliver:
            guard let sender = event.peer, drawn.contains(sender) else { return nil }
            let ids = event.messageParent.map { "\($0)→\(event.id)" } ?? event.id.description
            return "\(sender)->>\(node): " + text(escaped(event.label), "(\(ids))")
        case .drop:
            let atReceiver = event.dropReason == .receiverCrashed || event.dropReason == .lostInCrash
            guard let peer = event.peer, drawn.contains(peer) else { return nil }
            let (sender, receiver) = atReceiver ? (peer, node) : (node, peer)
            let send = event.messageParent.map { "\($0) " } ?? ""
            let reason = event.dropReason?.shortText ?? "dropped"
            return "\(sender)--x\(receiver): " + text(escaped(event.label), "(\(send)lost: \(reason))")
        case .local:
            return "Note over \(node): " + text(escaped(event.label.isEmpty ? "local" : event.label),
                                                "(\(event.id)) L=\(event.lamport)")
        case .note:
            return "Note over \(node): " + text(escaped(event.label), "(\(event.id))")
        case .crash, .restart, .pause, .resume:
            let what = EventFormatter.trimmed(event.kind.description + " " + EventFormatter.summary(event))
            return "Note over \(node): " + text(escaped(what), "(\(event.id))")
        default:
            guard event.kind.isProcessEvent else { return nil }
            let what = EventFormatter.trimmed(event.kind.description + " " + event.label)
            return "Note over \(node): " + text(escaped(what), "(\(event.id)) L=\(event.lamport)")
        }
    }

    /// Partitions, isolations, cuts and heals, spanning every participant.
    static func networkNote(for event: TraceEvent, participants: [NodeID]) -> String? {
        guard let first = participants.first, let last = participants.last else { return nil }
        let what: String
        switch event.kind {
        case .partition, .cut: what = "\(event.kind) \(EventFormatter.summary(event))"
        case .isolate, .heal: what = EventFormatter.summary(event)
        default: return nil
        }
        let over = first == last ? first.description : "\(first),\(last)"
        return "Note over \(over): " + text(escaped(what), "(\(event.id))")
    }

    /// `label (ids)`, or just `(ids)` for an empty label.
    private static func text(_ label: String, _ suffix: String) -> String {
        label.isEmpty ? suffix : label + " " + suffix
    }

    /// `text` with the characters Mermaid treats specially written as entity codes.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "#": result += "#35;"
            case ";": result += "#59;"
            case ":": result += "#58;"
            case "%": result += "#37;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "&": result += "#amp;"
            case let other where other.isNewline: result += " "
            default: result.append(character)
            }
        }
        return result
    }
}

extension DropReason {
    /// A few words for exports: `random loss`, `partitioned`, `receiver crashed`.
    var shortText: String { self == .loss ? "random loss" : description }
}
