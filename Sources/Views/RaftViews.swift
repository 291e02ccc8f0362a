import Protocols
import SandboxCore
import Simulator

/// `show raft`, `show log NODE`, `show logs` and `show kv NODE`: Raft's state as a
/// student draws it on paper, read through each node's inspection copy.
public enum RaftViews {
    /// The Raft servers among `reports`, in id order (crashed ones have no state to show).
    static func servers(_ reports: [NodeReport]) -> [(report: NodeReport, raft: RaftBehaviour?)] {
        reports.filter { $0.kind == "raft" }.map { ($0, $0.behaviour as? RaftBehaviour) }
    }

    /// One row per server: role, term, vote, commit index, last applied, log length, leader.
    public static func table(_ reports: [NodeReport]) -> String {
        let servers = servers(reports)
        guard !servers.isEmpty else { return "no raft nodes (try: spawn 5 raft)" }
        var table = TextTable(headers: ["node", "role", "term", "voted for", "commit", "applied", "log", "leader"])
        for (report, raft) in servers {
            guard let raft else {
                table.append([report.id.description, "crashed", "", "", "", "", "", ""])
                continue
            }
            table.append([
                report.id.description, report.status == .paused ? "\(raft.role.rawValue) (paused)" : raft.role.rawValue,
                String(raft.durable.currentTerm), raft.durable.votedFor?.description ?? "-",
                String(raft.commitIndex), String(raft.lastApplied), String(raft.durable.lastIndex),
                raft.leader?.description ?? "-",
            ])
        }
        return table.render()
    }

    /// One server's log, entry by entry, with the committed prefix marked.
    public static func log(of report: NodeReport) -> String {
        guard let raft = report.behaviour as? RaftBehaviour else {
            return report.status == .crashed ? "\(report.id) is crashed; its log is on disk until it restarts"
                : "\(report.id) is not a raft node"
        }
        guard !raft.durable.log.isEmpty else { return "\(report.id)'s log is empty (term \(raft.durable.currentTerm))" }
        var table = TextTable(headers: ["index", "term", "command", ""])
        for (offset, entry) in raft.durable.log.enumerated() {
            let index = offset + 1
            let mark = index <= raft.lastApplied ? "applied" : index <= raft.commitIndex ? "committed" : ""
            table.append([String(index), String(entry.term), entry.command.description, mark])
        }
        return "\(report.id) (\(raft.role.rawValue), term \(raft.durable.currentTerm), commit \(raft.commitIndex))\n" + table.render()
    }

    /// Every server's log aligned by index, showing terms: `*` marks committed entries,
    /// `!` entries that differ from the leader's log at that index (they will be
    /// overwritten once the leader reaches that server).
    ///
    /// With `range` (1-based log indexes, `to` nil: up to the longest log), only those
    /// columns are shown, so a long log can be read a slice at a time at 80 columns.
    public static func logs(_ reports: [NodeReport], range: (from: Int, to: Int?)? = nil) -> String {
        let servers = servers(reports)
        guard !servers.isEmpty else { return "no raft nodes (try: spawn 5 raft)" }
        let leader = servers.compactMap(\.raft).filter { $0.role == .leader }.max { $0.durable.currentTerm < $1.durable.currentTerm }
        let longest = servers.compactMap { $0.raft?.durable.lastIndex }.max() ?? 0
        let first = (range?.from ?? 1) - 1
        let end = min(range?.to ?? longest, longest)
        guard first < end || range == nil else {
            return "no log entries from index \(first + 1)" + (range?.to.map { " to \($0)" } ?? "")
                + " (the longest log has \(longest) entr\(longest == 1 ? "y" : "ies"))"
        }
        let columns = first..<max(end, first)
        var table = TextTable(headers: ["index"] + columns.map { String($0 + 1) } + [""])
        for (report, raft) in servers {
            guard let raft else {
                table.append([report.id.description + " (crashed)"] + Array(repeating: "", count: columns.count) + [""])
                continue
            }
            var cells = [report.id.description + (raft.role == .leader ? " L" : raft.role == .candidate ? " C" : "")]
            for index in columns {
                guard index < raft.durable.log.count else { cells.append(""); continue }
                var cell = String(raft.durable.log[index].term)
                if index < raft.commitIndex { cell += "*" }
                if let leader, leader.durable.term(at: index + 1) != raft.durable.log[index].term { cell += "!" }
                cells.append(cell)
            }
            cells.append("t\(raft.durable.currentTerm) c\(raft.commitIndex)")
            table.append(cells)
        }
        let legend = "terms by index; * committed here, ! differs from the leader's log" + (leader == nil ? " (no leader now)" : "")
        return table.render() + "\n" + legend
    }

    /// A server's key-value store, by key.
    public static func store(of report: NodeReport) -> String {
        guard let raft = report.behaviour as? RaftBehaviour else {
            return report.status == .crashed ? "\(report.id) is crashed; its store is rebuilt from the log after restart"
                : "\(report.id) is not a raft node"
        }
        guard !raft.store.isEmpty else { return "\(report.id)'s store is empty (applied up to \(raft.lastApplied))" }
        let lines = raft.store.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" }
        return "\(report.id) (applied up to \(raft.lastApplied)):\n" + lines.joined(separator: "\n")
    }
}
