import SandboxCore

/// Checks Raft's safety properties (Figure 3 of the paper) after every event:
///
/// - Election Safety: at most one leader per term.
/// - Leader Append-Only: a leader only appends to its log in its term.
/// - Log Matching: two logs with an entry of the same index and term agree up to it.
/// - Leader Completeness: an entry committed in a term is in the log of every leader of
///   a later term.
/// - State Machine Safety: no two servers apply different entries at one index.
///
/// It keeps what it has seen: each server's latest log, who led each term, and every
/// entry seen committed or applied, with the event that showed it.
public struct RaftSafetyChecker: InvariantMonitor {
    /// What is known about one committed or applied entry.
    struct Witness: Sendable {
        let entry: RaftEntry
        let node: NodeID
        let event: EventID
        /// The term of the server that saw it committed (a lower bound on the commit term).
        let term: Int
    }

    private var leaders: [Int: (node: NodeID, event: EventID)] = [:]
    private var leaderLogs: [NodeID: (term: Int, log: [RaftEntry], event: EventID)] = [:]
    private var logs: [NodeID: (log: [RaftEntry], event: EventID)] = [:]
    private var committed: [Int: Witness] = [:]
    private var applied: [Int: Witness] = [:]
    public private(set) var observations = 0
    public private(set) var violations: [InvariantViolation] = []

    public init() {}

    public mutating func observe(_ behaviour: (any Behaviour)?, of node: NodeID, after event: EventID) -> [InvariantViolation] {
        guard let raft = behaviour as? RaftBehaviour else { return [] }
        observations += 1
        var found: [InvariantViolation] = []
        let term = raft.durable.currentTerm
        let log = raft.durable.log

        if raft.role == .leader {
            // Election Safety.
            if let other = leaders[term], other.node != node {
                found.append(InvariantViolation(invariant: "Election Safety",
                    detail: "\(other.node) and \(node) are both leader of term \(term)", events: [other.event, event]))
            } else if leaders[term] == nil {
                leaders[term] = (node, event)
            }
            // Leader Append-Only.
            if let previous = leaderLogs[node], previous.term == term,
               log.count < previous.log.count || Array(log.prefix(previous.log.count)) != previous.log {
                found.append(InvariantViolation(invariant: "Leader Append-Only",
                    detail: "\(node), leader of term \(term), changed entries of its own log", events: [previous.event, event]))
            }
            leaderLogs[node] = (term, log, event)
            // Leader Completeness.
            for index in committed.keys.sorted() {
                let witness = committed[index]!
                guard witness.term < term else { continue }
                if index > log.count || log[index - 1] != witness.entry {
                    found.append(InvariantViolation(invariant: "Leader Completeness",
                        detail: "entry \(index) (term \(witness.entry.term), \(witness.entry.command)) was committed, "
                            + "but \(node), leader of term \(term), does not have it", events: [witness.event, event]))
                }
            }
        }

        // Log Matching, against every other server's latest log.
        for (other, known) in logs where other != node {
            let shared = min(log.count, known.log.count)
            guard let matchingIndex = (0..<shared).last(where: { log[$0].term == known.log[$0].term }) else { continue }
            if Array(log.prefix(matchingIndex + 1)) != Array(known.log.prefix(matchingIndex + 1)) {
                found.append(InvariantViolation(invariant: "Log Matching",
                    detail: "\(node) and \(other) agree on entry \(matchingIndex + 1) (term \(log[matchingIndex].term)) but not on all before it",
                    events: [known.event, event]))
            }
        }
        logs[node] = (log, event)

        // Committed entries never change; applied entries agree everywhere.
        for index in stride(from: 1, through: min(raft.commitIndex, log.count), by: 1) {
            let entry = log[index - 1]
            if let witness = committed[index] {
                if witness.entry != entry {
                    found.append(InvariantViolation(invariant: "State Machine Safety",
                        detail: "index \(index) was committed as \(witness.entry.command) (term \(witness.entry.term)) by \(witness.node), "
                            + "but \(node) has committed \(entry.command) (term \(entry.term)) there", events: [witness.event, event]))
                }
            } else {
                committed[index] = Witness(entry: entry, node: node, event: event, term: term)
            }
        }
        for index in stride(from: 1, through: min(raft.lastApplied, log.count), by: 1) {
            let entry = log[index - 1]
            if let witness = applied[index], witness.entry != entry {
                found.append(InvariantViolation(invariant: "State Machine Safety",
                    detail: "\(witness.node) applied \(witness.entry.command) at index \(index), \(node) applied \(entry.command)",
                    events: [witness.event, event]))
            } else if applied[index] == nil {
                applied[index] = Witness(entry: entry, node: node, event: event, term: term)
            }
        }
        violations += found
        return found
    }

    public func summary() -> String {
        let checked = "Election Safety, Leader Append-Only, Log Matching, Leader Completeness, State Machine Safety"
        guard !violations.isEmpty else {
            return "raft safety: all hold (\(checked)) over \(observations) observations; \(leaders.count) term(s) had a leader, \(committed.count) entries committed"
        }
        return "raft safety: \(violations.count) violation(s)\n" + violations.map { "  \($0)" }.joined(separator: "\n")
    }
}
