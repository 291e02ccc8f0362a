import SandboxCore
import Simulator

/// The trace as a log for ShiViz, the web tool that draws space-time diagrams from
/// vector-clock logs, in the format GoVector and similar loggers write: two lines per event,
///
/// ```
/// e7 deliver m1 from n1 (sent e5)
/// n2 {"n1":2,"n2":1}
/// ```
///
/// the event's description, then its host (the node id), a space and its vector clock as
/// a JSON object (host → count, in node order; zeros left out, the host's own entry
/// always there). Paste the log into ShiViz with ``parsingRegex`` as the parser.
///
/// ShiViz builds its graph from the clocks alone and insists that each host's own count
/// starts at 1 and goes up by exactly 1 per event, so only process events (local, send,
/// deliver, timer, …) are written. Drops are not events of their own: the send they
/// belong to says `(lost: REASON)`. Every other event (faults, settings, notes) is left
/// out.
///
/// When the trace window has forgotten older events, each host's counts are renumbered
/// from 1 (its first kept event) and entries that point before the window are left out,
/// so the log still loads; the descriptions keep the real event ids.
public enum ShiVizExport {
    /// The parser regular expression to give ShiViz for ``log(_:)``'s output: named groups
    /// `event`, `host` and `clock` over a two-line record. ShiViz applies it with the
    /// multi-line flag (`^` and `$` match at line breaks).
    public static let parsingRegex = #"^(?<event>.*)\n(?<host>\S+) (?<clock>\{.*\})$"#

    /// The log, oldest event first; ends with a newline.
    public static func log(_ trace: TraceStore) -> String {
        log(trace, shouldStop: { false })!
    }

    /// ``log(_:)`` that gives up, returning nil, when `shouldStop` says so (asked every
    /// 4,096 events).
    public static func log(_ trace: TraceStore, shouldStop: () -> Bool) -> String? {
        let events = trace.allEvents
        guard let vectors = trace.allVectors(shouldStop: shouldStop) else { return nil }
        var losses: [EventID: [DropReason]] = [:]
        var renumbering: [NodeID: Int] = [:]
        for event in events {
            if event.kind == .drop, let send = event.messageParent, let reason = event.dropReason {
                losses[send, default: []].append(reason)
            }
            if event.kind.isProcessEvent, let node = event.node, renumbering[node] == nil {
                renumbering[node] = event.sequence - 1
            }
        }
        var log = ""
        for (index, event) in events.enumerated() where event.kind.isProcessEvent {
            if index & 4095 == 4095, shouldStop() { return nil }
            guard let host = event.node else { continue }
            log += description(of: event, losses: losses[event.id] ?? []) + "\n"
            log += host.description + " " + clock(of: event, vector: vectors[index], host: host, renumbering: renumbering) + "\n"
        }
        return log
    }

    /// `e9 send m3 to n1 (lost: partitioned)`, on one line.
    static func description(of event: TraceEvent, losses: [DropReason]) -> String {
        var text = EventFormatter.trimmed("\(event.id) \(event.kind) " + EventFormatter.summary(event))
        if !losses.isEmpty {
            text += " (lost: " + losses.map(\.shortText).joined(separator: ", ") + ")"
        }
        return text.flattenedToOneLine
    }

    /// `{"n1":2,"n2":1}`: counts renumbered from each host's first kept event; the host's
    /// own entry is its event's sequence number, so it is always there.
    static func clock(of event: TraceEvent, vector: VectorTimestamp, host: NodeID,
                      renumbering: [NodeID: Int]) -> String {
        var counts: [(node: NodeID, count: Int)] = vector.entries.compactMap { node, count in
            guard node != host, let skipped = renumbering[node], count - skipped > 0 else { return nil }
            return (node, count - skipped)
        }
        counts.append((host, event.sequence - (renumbering[host] ?? 0)))
        counts.sort { $0.node < $1.node }
        return "{" + counts.map { TraceExport.quoted($0.node.description) + ":" + String($0.count) }.joined(separator: ",") + "}"
    }
}
