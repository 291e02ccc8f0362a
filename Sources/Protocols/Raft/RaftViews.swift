import ProtocolKit
import SandboxCore

/// `show raft`, `show log NODE`, `show logs` and `show kv NODE`: Raft's state as a
/// student draws it on paper, read through each node's inspection copy.
enum RaftViews {
    typealias Node = ProtocolInspection.Node

    /// The Raft servers, in id order (crashed ones have no state to show).
    static func servers(_ inspection: ProtocolInspection) -> [(report: Node, raft: RaftBehaviour?)] {
        inspection.nodes(running: RaftBehaviour.name).map { ($0, $0.behaviour as? RaftBehaviour) }
    }

    /// The server `arguments` names first, which must run Raft.
    static func server(_ inspection: ProtocolInspection, _ arguments: Arguments) throws(InspectionProblem) -> Node {
        let id = arguments.nodes[0]
        let at = arguments.values.firstIndex(of: .node(id))
        guard let node = inspection.node(id) else { throw InspectionProblem("unknown node \(id)", at: at) }
        guard node.kind == RaftBehaviour.name else {
            throw InspectionProblem("\(id) is not a raft node (it runs \(node.kind))", at: at)
        }
        return node
    }

    /// One row per server: role, term, vote, commit index, last applied, log length, leader.
    static func table(_ inspection: ProtocolInspection) -> String {
        let servers = servers(inspection)
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
    static func log(of report: Node) -> String {
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
    static func logs(_ inspection: ProtocolInspection, range: (from: Int, to: Int?)? = nil) -> String {
        let servers = servers(inspection)
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
    static func store(of report: Node) -> String {
        guard let raft = report.behaviour as? RaftBehaviour else {
            return report.status == .crashed ? "\(report.id) is crashed; its store is rebuilt from the log after restart"
                : "\(report.id) is not a raft node"
        }
        guard !raft.store.isEmpty else { return "\(report.id)'s store is empty (applied up to \(raft.lastApplied))" }
        let lines = raft.store.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" }
        return "\(report.id) (applied up to \(raft.lastApplied)):\n" + lines.joined(separator: "\n")
    }
}

extension RaftViews {
    /// `show raft`, `show log NODE`, `show logs …` and `show kv NODE`.
    static let declared: [ProtocolView] = [
        ProtocolView(name: "raft", summary: "one row per Raft server: role, term, vote, commit, applied, log, leader") { inspection, _ in
            table(inspection)
        },
        ProtocolView(name: "log", summary: "one Raft server's log, entry by entry", parameters: [.node("NODE")]) { inspection, arguments throws(InspectionProblem) in
            log(of: try server(inspection, arguments))
        },
        ProtocolView(name: "logs", summary: "every Raft server's log, aligned by index", forms: [
            CommandForm([], meaning: { inspection, _ in
                let table = logs(inspection)
                let widest = table.split(separator: "\n").map(\.count).max() ?? 0
                guard widest > 80 else { return table }
                return table + "\n(wider than 80 columns: show logs from INDEX to INDEX shows a range)"
            }),
            CommandForm([.literal("from"), .number("INDEX", 1...Int(Int32.max)), .optional([.literal("to"), .number("INDEX", 1...Int(Int32.max))])],
                        validate: { arguments in
                            let numbers = arguments.numbers
                            guard numbers.count == 2, numbers[1] < numbers[0] else { return nil }
                            return ArgumentProblem("the range ends at \(numbers[1]), before it starts at \(numbers[0])", at: 3)
                        },
                        meaning: { inspection, arguments in
                            logs(inspection, range: (arguments.numbers[0], arguments.numbers.count > 1 ? arguments.numbers[1] : nil))
                        }),
            CommandForm([.range("INDEX..INDEX", minimum: 1)], meaning: { inspection, arguments in
                let range = arguments.ranges[0]
                return logs(inspection, range: (range.lowerBound, range.upperBound))
            }),
        ]),
        ProtocolView(name: "kv", summary: "one Raft server's key-value store", parameters: [.node("NODE")]) { inspection, arguments throws(InspectionProblem) in
            store(of: try server(inspection, arguments))
        },
    ]
}
