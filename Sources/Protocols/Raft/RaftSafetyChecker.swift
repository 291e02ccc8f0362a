import SandboxCore

/// Checks Raft's safety properties (Figure 3 of the paper) after every event:
///
/// - Election Safety: at most one leader per term.
/// - Leader Append-Only: a leader only appends to its log in its term.
/// - Log Matching: two logs with an entry of the same index and term agree up to it.
/// - Leader Completeness: an entry committed in a term is in the log of every leader of
///   a later term.
/// - State Machine Safety: no two servers commit or apply different entries at one index.
///
/// The work is incremental, so checking stays cheap for long logs: for each server it
/// keeps the terms of its log and how far its committed and applied entries have been
/// checked, and looks only at what changed. Log Matching is checked by induction: the
/// first server to hold (index, term) fixes the entry and the term before it, and every
/// later holder must agree. Raft logs change only by truncating a suffix and appending,
/// and the checker finds the changed suffix by comparing terms from the end.
public struct RaftSafetyChecker: InvariantMonitor {
    /// Who first showed an entry, and when.
    struct Witness: Sendable {
        let entry: RaftEntry
        let node: NodeID
        let event: EventID
        /// The term of the server that showed it (for committed entries, a lower bound on
        /// the term that committed it).
        let term: Int
    }

    /// What is known about an entry (index, term): the term before it and its command.
    struct Canonical: Sendable {
        let previousTerm: Int
        let command: RaftCommand
        let node: NodeID
        let event: EventID
    }

    struct EntryKey: Hashable, Sendable {
        let index: Int
        let term: Int
    }

    /// What the checker remembers of one server.
    struct ServerView: Sendable {
        var terms: [Int] = []
        var checkedCommit = 0
        var checkedApplied = 0
        var event = EventID(0)
        /// The term this server last led and its log length then.
        var ledTerm: Int?
        var ledLength = 0
        /// How many committed entries this leader has been checked to hold, in `ledTerm`.
        var completeUpTo = 0
    }

    private var servers: [NodeID: ServerView] = [:]
    private var canonical: [EntryKey: Canonical] = [:]
    private var committed: [Witness] = []
    private var applied: [Witness] = []
    private var leaders: [Int: (node: NodeID, event: EventID)] = [:]
    public private(set) var observations = 0
    public private(set) var violations: [InvariantViolation] = []

    public init() {}

    public mutating func observe(_ behaviour: (any Behaviour)?, of node: NodeID, after event: EventID) -> [InvariantViolation] {
        guard let raft = behaviour as? RaftBehaviour else { return [] }
        observations += 1
        var found: [InvariantViolation] = []
        let term = raft.durable.currentTerm
        let log = raft.durable.log
        // Taken out of the table (and put back at the end) so its arrays are uniquely
        // referenced and change in place.
        var view = servers.removeValue(forKey: node) ?? ServerView()

        // The first index whose entry is new or changed since this server was last seen.
        var unchanged = min(view.terms.count, log.count)
        while unchanged > 0, view.terms[unchanged - 1] != log[unchanged - 1].term { unchanged -= 1 }
        let firstChanged = unchanged + 1

        // Log Matching, by induction over (index, term).
        for index in stride(from: firstChanged, through: log.count, by: 1) {
            let entry = log[index - 1]
            let previousTerm = index > 1 ? log[index - 2].term : 0
            let key = EntryKey(index: index, term: entry.term)
            if let known = canonical[key] {
                if known.previousTerm != previousTerm || known.command != entry.command {
                    found.append(InvariantViolation(invariant: "Log Matching",
                        detail: "\(known.node) and \(node) both hold index \(index) of term \(entry.term) but disagree on it or on what precedes it",
                        events: [known.event, event]))
                }
            } else {
                canonical[key] = Canonical(previousTerm: previousTerm, command: entry.command, node: node, event: event)
            }
        }
        view.terms.removeSubrange(min(unchanged, view.terms.count)...)
        view.terms.append(contentsOf: log[unchanged...].map(\.term))

        // Committed entries never change; applied entries agree everywhere.
        let commit = min(raft.commitIndex, log.count)
        for index in stride(from: min(view.checkedCommit, unchanged) + 1, through: commit, by: 1) {
            found += Self.agree(&committed, at: index, entry: log[index - 1], node: node, event: event, term: term,
                                what: "committed")
        }
        view.checkedCommit = commit
        let appliedUpTo = min(raft.lastApplied, log.count)
        for index in stride(from: min(view.checkedApplied, unchanged) + 1, through: appliedUpTo, by: 1) {
            found += Self.agree(&applied, at: index, entry: log[index - 1], node: node, event: event, term: term,
                                what: "applied")
        }
        view.checkedApplied = appliedUpTo

        if raft.role == .leader {
            // Election Safety.
            if let other = leaders[term], other.node != node {
                found.append(InvariantViolation(invariant: "Election Safety",
                    detail: "\(other.node) and \(node) are both leader of term \(term)", events: [other.event, event]))
            } else if leaders[term] == nil {
                leaders[term] = (node, event)
            }
            // Leader Append-Only.
            if view.ledTerm == term, unchanged < view.ledLength {
                found.append(InvariantViolation(invariant: "Leader Append-Only",
                    detail: "\(node), leader of term \(term), changed its own entries from index \(firstChanged)",
                    events: [view.event, event]))
            }
            if view.ledTerm != term { view.completeUpTo = 0 }
            view.ledTerm = term
            view.ledLength = log.count
            // Leader Completeness.
            view.completeUpTo = min(view.completeUpTo, unchanged)
            for index in stride(from: view.completeUpTo + 1, through: committed.count, by: 1) {
                let witness = committed[index - 1]
                guard witness.term < term else { continue }
                if index > log.count || log[index - 1] != witness.entry {
                    found.append(InvariantViolation(invariant: "Leader Completeness",
                        detail: "entry \(index) (term \(witness.entry.term), \(witness.entry.command)) was committed, "
                            + "but \(node), leader of term \(term), does not have it", events: [witness.event, event]))
                }
            }
            view.completeUpTo = committed.count
        }
        view.event = event
        servers[node] = view
        violations += found
        return found
    }

    /// Checks (or records) that `entry` is what every server holds at `index` of `list`.
    private static func agree(_ list: inout [Witness], at index: Int, entry: RaftEntry, node: NodeID,
                              event: EventID, term: Int, what: String) -> [InvariantViolation] {
        if index <= list.count {
            let witness = list[index - 1]
            guard witness.entry != entry else { return [] }
            return [InvariantViolation(invariant: "State Machine Safety",
                detail: "index \(index) was \(what) as \(witness.entry.command) (term \(witness.entry.term)) by \(witness.node), "
                    + "but \(node) has \(what) \(entry.command) (term \(entry.term)) there", events: [witness.event, event])]
        }
        if index == list.count + 1 { list.append(Witness(entry: entry, node: node, event: event, term: term)) }
        return []
    }

    public func summary() -> String {
        let checked = "Election Safety, Leader Append-Only, Log Matching, Leader Completeness, State Machine Safety"
        guard !violations.isEmpty else {
            return "raft safety: all hold (\(checked)) over \(observations) observations; \(leaders.count) term(s) had a leader, \(committed.count) entries committed"
        }
        return "raft safety: \(violations.count) violation(s)\n" + violations.map { "  \($0)" }.joined(separator: "\n")
    }
}
