import SandboxCore
import Simulator

/// `export trace FILE.jsonl`: one JSON object per event, keys always in the same order.
///
/// Schema (documented in the README): `id` ("e7"), `time_us` (true time), `node`
/// ("n2", or null for network-wide events), `kind`, `label` (null when empty), `peer`
/// (null unless a message event), `wall_us` (the node's wall clock, or null), `lamport`,
/// `vector` (node → count, zeros omitted), `parents` (ids), `reason` (drops only, else null).
public enum TraceExport {
    /// Hands each line (with its newline) to `write`, oldest event first, computing
    /// vectors in one forward pass as it goes (nothing is held per event). Returns false
    /// when `shouldStop` ended the export early (it is asked every 4,096 events); the
    /// lines written until then are whole.
    @discardableResult
    public static func writeJSONLines(_ trace: TraceStore, shouldStop: () -> Bool = { false },
                                      to write: (String) -> Void) -> Bool {
        guard let last = trace.lastID else { return true }
        return trace.forEachVector(from: EventID(trace.firstKeptID), through: last, shouldStop: shouldStop) { event, vector in
            write(jsonObject(event, vector: vector) + "\n")
        }.completed
    }

    static func jsonObject(_ event: TraceEvent, vector: VectorTimestamp) -> String {
        let vectorText = "{" + vector.entries.map { "\(quoted($0.node.description)):\($0.count)" }.joined(separator: ",") + "}"
        let fields: [(String, String)] = [
            ("id", quoted(event.id.description)),
            ("time_us", String(event.time.microseconds)),
            ("node", event.node.map { quoted($0.description) } ?? "null"),
            ("kind", quoted(event.kind.description)),
            ("label", event.label.isEmpty ? "null" : quoted(event.label)),
            ("peer", event.peer.map { quoted($0.description) } ?? "null"),
            ("wall_us", event.wallClock.map { String($0) } ?? "null"),
            ("lamport", String(event.lamport)),
            ("vector", vectorText),
            ("parents", "[" + event.parents.map { quoted($0.description) }.joined(separator: ",") + "]"),
            ("reason", event.dropReason.map { quoted($0.code) } ?? "null"),
        ]
        return "{" + fields.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259 escaping).
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
