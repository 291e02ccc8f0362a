import ProtocolKit
import SandboxCore
import Simulator

/// `show trace`, `show event` and `order`: the trace with its Lamport and vector
/// timestamps and the happens-before relation between events.
public enum TraceViews {
    /// Clusters up to this size get dense vectors, `(2,0,1)`; bigger ones sparse `{n1:2, n3:1}`.
    public static let denseVectorLimit = 10

    /// A table of `events` with their vector timestamps, or nil when `shouldStop` ended
    /// the work early.
    ///
    /// Cost: one forward pass over the trace up to the newest row (see
    /// ``TraceStore/forEachVector(from:through:shouldStop:_:)``), not a walk per row.
    public static func table(_ events: [TraceEvent], in trace: TraceStore, members: [NodeID],
                             shouldStop: () -> Bool = { false }) -> String? {
        guard !events.isEmpty else { return "the trace is empty" }
        let dense = members.count <= denseVectorLimit
        guard let vectors = trace.vectors(of: events.filter { $0.node != nil }.map(\.id), shouldStop: shouldStop) else {
            return nil
        }
        var next = vectors.makeIterator()
        var table = TextTable(headers: ["id", "time", "node", "wall clock", "L", "vector", "kind", "what"])
        for (index, event) in events.enumerated() {
            if index & 1023 == 1023, shouldStop() { return nil }
            let vector = event.node == nil ? nil : next.next() ?? nil
            table.append([
                event.id.description, event.time.description, event.node?.description ?? "net",
                event.wallClock.map(TimeFormat.seconds) ?? "", event.node == nil ? "" : String(event.lamport),
                vector.map { dense ? $0.dense(over: members) : $0.description } ?? "",
                event.kind.description, EventFormatter.summary(event),
            ])
        }
        var header = ""
        if dense, !members.isEmpty {
            header = "vectors over (" + members.map(\.description).joined(separator: ",") + ")\n"
        }
        return header + table.render()
    }

    /// Everything about one event.
    public static func detail(_ event: TraceEvent, in trace: TraceStore, members: [NodeID]) -> String {
        var lines = ["\(event.id) \(event.kind)" + (event.node.map { " at \($0)" } ?? " (network)")]
        lines.append("  true time   \(event.time)")
        if let wall = event.wallClock { lines.append("  wall clock  \(TimeFormat.seconds(wall))") }
        lines.append("  what        \(EventFormatter.summary(event))")
        if event.node != nil {
            let role = event.kind.isProcessEvent ? "" : "  (not a process event: clocks not advanced)"
            lines.append("  lamport     \(event.lamport)\(role)")
            if let vector = trace.vector(of: event.id) {
                let dense = members.count <= denseVectorLimit
                    ? vector.dense(over: members) + " over (" + members.map(\.description).joined(separator: ",") + ") = " : ""
                lines.append("  vector      \(dense)\(vector)")
            }
        }
        var parents: [String] = []
        if let local = event.localParent { parents.append("\(local) (previous event at \(event.node!))") }
        if let message = event.messageParent { parents.append("\(message) (the send)") }
        lines.append("  parents     " + (parents.isEmpty ? "none" : parents.joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }

    /// `e3 -> e9`, `e9 -> e3` or `e3 || e9`, with the vector entries that decide it.
    public static func order(_ a: TraceEvent, _ b: TraceEvent, _ relation: CausalOrder, in trace: TraceStore) -> String {
        guard let nodeA = a.node, let nodeB = b.node,
              let va = trace.vector(of: a.id), let vb = trace.vector(of: b.id) else { return "" }
        switch relation {
        case .same:
            return "\(a.id) and \(b.id) are the same event"
        case .before:
            return "\(a.id) -> \(b.id)  (\(a.id) happens before \(b.id): V(\(b.id))[\(nodeA)] = \(vb[nodeA]) >= \(a.sequence), \(a.id)'s own entry)"
        case .after:
            return "\(b.id) -> \(a.id)  (\(b.id) happens before \(a.id): V(\(a.id))[\(nodeB)] = \(va[nodeB]) >= \(b.sequence), \(b.id)'s own entry)"
        case .concurrent:
            return "\(a.id) || \(b.id)  (concurrent: V(\(b.id))[\(nodeA)] = \(vb[nodeA]) < \(a.sequence) and V(\(a.id))[\(nodeB)] = \(va[nodeB]) < \(b.sequence))"
        }
    }
}
