import ProtocolKit
import SandboxCore

/// The claims a Raft lesson can state: who leads, a server's role, its commit index and
/// what its store holds. Each is judged on the servers' state now.
enum RaftExpectations {
    static let declared: [ProtocolExpectation] = [
        ProtocolExpectation(word: "leader", summary: "the node leads now (no live leader of a later term)",
                            parameters: [.node("NODE")]) { inspection, arguments throws(InspectionProblem) in
            try leader(inspection, arguments)
        },
        ProtocolExpectation(word: "role", summary: "a Raft server's role now",
                            parameters: [.node("NODE"), .word("ROLE", choices: RaftBehaviour.Role.allCases.map(\.rawValue))]) {
            inspection, arguments throws(InspectionProblem) in
            let (id, raft) = try server(inspection, arguments)
            let expected = arguments.words[0]
            return Verdict(holds: raft.role.rawValue == expected, "\(id) is \(article(raft.role.rawValue)) in term \(raft.durable.currentTerm)")
        },
        ProtocolExpectation(word: "committed", summary: "a Raft server's commit index",
                            parameters: [.node("NODE"), .number("INDEX", 0...Int(Int32.max))]) { inspection, arguments throws(InspectionProblem) in
            let (id, raft) = try server(inspection, arguments)
            return Verdict(holds: raft.commitIndex == arguments.numbers[0],
                           "\(id) has committed up to index \(raft.commitIndex) (its log ends at \(raft.durable.lastIndex))")
        },
        ProtocolExpectation(word: "kv", summary: "a key's value in a Raft server's store ('-' for no value)",
                            parameters: [.node("NODE"), .word("KEY"), .word("VALUE")]) { inspection, arguments throws(InspectionProblem) in
            let (id, raft) = try server(inspection, arguments)
            let key = arguments.words[0], expected = arguments.words[1]
            let found = raft.store[key]
            let holds = found == expected || (found == nil && expected == "-")
            return Verdict(holds: holds, "\(id) has \(key) = \(found ?? "no value") (applied up to \(raft.lastApplied))")
        },
    ]

    /// `expect leader NODE`: the node is a leader and no running server leads a later term.
    static func leader(_ inspection: ProtocolInspection, _ arguments: Arguments) throws(InspectionProblem) -> Verdict {
        let (id, raft) = try server(inspection, arguments)
        let leaders = RaftViews.servers(inspection).compactMap { node, raft in
            raft.flatMap { $0.role == .leader ? (node.id, $0.durable.currentTerm) : nil }
        }
        let latest = leaders.max { $0.1 < $1.1 }
        if raft.role == .leader, latest.map({ $0.1 <= raft.durable.currentTerm }) ?? true {
            return Verdict(holds: true, "\(id) leads term \(raft.durable.currentTerm)")
        }
        let now = latest.map { "\($0.0) leads term \($0.1)" } ?? "no server leads now"
        return Verdict(holds: false, "\(id) is \(article(raft.role.rawValue)) in term \(raft.durable.currentTerm); \(now)")
    }

    /// The Raft server `arguments` names, running (a crashed one has no state to judge).
    static func server(_ inspection: ProtocolInspection, _ arguments: Arguments) throws(InspectionProblem) -> (NodeID, RaftBehaviour) {
        let node = try RaftViews.server(inspection, arguments)
        guard let raft = node.behaviour as? RaftBehaviour else {
            throw InspectionProblem("\(node.id) is crashed: it has no role, commit index or store until it restarts",
                                    at: arguments.values.firstIndex(of: .node(node.id)))
        }
        return (node.id, raft)
    }

    private static func article(_ role: String) -> String { "a " + role }
}
