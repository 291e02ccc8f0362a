// Figure 7 of the Raft paper: a leader for term 8 and six followers (a)–(f) whose logs
// miss entries, hold extra uncommitted entries, or both. The leader must bring each one
// to its own log, removing exactly the conflicting entries, and the fast backup (§5.3,
// "the follower can include the term of the conflicting entry and the first index it
// stores for that term") must need only a few round trips.
@testable import Protocols
import SandboxCore
import Testing

@Suite("Raft: Figure 7")
struct RaftFigure7Tests {
    /// The leader's log before it wins term 8 (indexes 1…10).
    static let leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6]
    /// After winning, the leader appends its no-op of term 8 at index 11.
    static let leaderTermsAfterElection = leaderTerms + [8]
    static let leader = n(1)

    /// One follower of Figure 7 and what bringing it up to date should cost.
    struct Follower: Sendable, CustomTestStringConvertible {
        let name: String
        let node: NodeID
        let terms: [Int]
        /// AppendEntries round trips until its log equals the leader's.
        let roundTrips: Int
        /// Round trips if the leader backed up one index per refusal (Figure 2 without the optimisation).
        let naiveRoundTrips: Int
        /// The indexes whose entries must be deleted (the leader's no-op at 11 replaces any entry there).
        let removed: [Int]
        var testDescription: String { "(\(name)) \(terms.map(String.init).joined(separator: ","))" }
    }

    static let followers: [Follower] = [
        // Missing 10 and 11: refused (log ends at 9), then appended from 10.
        Follower(name: "a", node: n(2), terms: [1, 1, 1, 4, 4, 5, 5, 6, 6],
                 roundTrips: 2, naiveRoundTrips: 2, removed: []),
        // Missing 5…11: refused with conflictIndex 5, then appended from 5.
        Follower(name: "b", node: n(3), terms: [1, 1, 1, 4],
                 roundTrips: 2, naiveRoundTrips: 7, removed: []),
        // An extra term-6 entry at 11: the no-op of term 8 replaces it.
        Follower(name: "c", node: n(4), terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
                 roundTrips: 1, naiveRoundTrips: 1, removed: [11]),
        // Two extra term-7 entries at 11 and 12: both go, the no-op takes 11.
        Follower(name: "d", node: n(5), terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
                 roundTrips: 1, naiveRoundTrips: 1, removed: [11, 12]),
        // Missing 8…11, and 6–7 hold term 4 where the leader has term 5: refused beyond the
        // log (conflictIndex 8), refused with conflictTerm 4 (the leader's last term-4 entry
        // is 5, so nextIndex 6), then 6…11 replace 6–7.
        Follower(name: "e", node: n(6), terms: [1, 1, 1, 4, 4, 4, 4],
                 roundTrips: 3, naiveRoundTrips: 6, removed: [6, 7]),
        // Terms 2 and 3 the leader never saw: refused with conflictTerm 3 (from 7), then with
        // conflictTerm 2 (from 4), then 4…11 replace everything after index 3.
        Follower(name: "f", node: n(7), terms: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
                 roundTrips: 3, naiveRoundTrips: 8, removed: Array(4...11)),
    ]

    /// Seven servers in term 7: the leader `n1` and the followers (a)–(f) as `n2`…`n7`.
    /// `n1` times out and wins term 8 with the votes of (a), (b), (e) and (f); no
    /// AppendEntries has been delivered yet.
    static func electedNetwork() -> RaftNetwork {
        var states = [leader: RaftDurableState(currentTerm: 7, log: raftLog(terms: leaderTerms))]
        for follower in followers {
            states[follower.node] = RaftDurableState(currentTerm: 7, log: raftLog(terms: follower.terms))
        }
        var network = RaftNetwork(count: 7, states: states)
        network.timeout(leader)
        network.deliverAll { $0.is(RaftMessage.VoteRequest.self) || $0.is(RaftMessage.VoteReply.self) }
        return network
    }

    @Test("the leader of Figure 7 wins term 8 with (a), (b), (e), (f); (c) and (d) have more up-to-date logs")
    func election() throws {
        let network = Self.electedNetwork()
        #expect(network[Self.leader].role == .leader)
        #expect(network[Self.leader].durable.currentTerm == 8)
        #expect(network[Self.leader].durable.terms == Self.leaderTermsAfterElection)
        #expect(network[Self.leader].durable.log.last == RaftEntry(term: 8, command: .noop))
        let votes = network.delivered.compactMap { envelope -> (NodeID, Bool)? in
            (envelope.payload as? RaftMessage.VoteReply).map { (envelope.from, $0.granted) }
        }
        #expect(votes.filter(\.1).map(\.0) == [n(2), n(3), n(6), n(7)])
        #expect(votes.filter { !$0.1 }.map(\.0) == [n(4), n(5)])
        for follower in Self.followers {
            #expect(network[follower.node].durable.currentTerm == 8)
            #expect(network[follower.node].durable.terms == follower.terms, "voting changes no log")
        }
        #expect(network[Self.leader].nextIndex.values.allSatisfy { $0 == 11 })
    }

    @Test("the leader brings each Figure 7 follower to its log, deleting exactly the conflicting entries",
          arguments: followers)
    func bringsFollowerUpToDate(_ follower: Follower) throws {
        var network = Self.electedNetwork()
        let target = follower.node
        let initial = raftLog(terms: follower.terms)
        let leaderLog = network[Self.leader].durable.log
        let common = zip(initial, leaderLog).prefix { $0 == $1 }.count

        var roundTrips = 0
        var converged: Int?
        var removed: Set<Int> = []
        var steps = 0
        while let envelope = network.deliver(where: { $0.between(Self.leader, target) }) {
            steps += 1
            try #require(steps < 100, "replication to (\(follower.name)) does not converge")
            guard envelope.to == target, envelope.is(RaftMessage.Append.self) else { continue }
            roundTrips += 1
            let log = network[target].durable.log
            #expect(Array(log.prefix(common)) == Array(initial.prefix(common)),
                    "(\(follower.name)): entries that match the leader's must never be deleted")
            for index in 1...initial.count where index > log.count || log[index - 1] != initial[index - 1] {
                removed.insert(index)
            }
            if converged == nil, log == leaderLog { converged = roundTrips }
        }

        #expect(network[target].durable.log == leaderLog)
        #expect(network[target].durable.terms == Self.leaderTermsAfterElection)
        #expect(converged == follower.roundTrips, "(\(follower.name)): round trips until its log equals the leader's")
        #expect((converged ?? .max) <= follower.naiveRoundTrips)
        #expect(roundTrips == follower.roundTrips, "(\(follower.name)): no AppendEntries after convergence")
        #expect(removed.sorted() == follower.removed)
        #expect(network[Self.leader].matchIndex[target] == 11)
        #expect(network[Self.leader].nextIndex[target] == 12)
        #expect(network[Self.leader].commitIndex == 0, "two of seven servers cannot commit")
        #expect(network[target].commitIndex == 0)
    }

    @Test("with all of (a)–(f) at once, every log converges and the no-op of term 8 commits everywhere")
    func wholeCluster() {
        var network = Self.electedNetwork()
        network.deliverAll()
        let leader = network[Self.leader]
        #expect(leader.commitIndex == 11)
        #expect(leader.lastApplied == 11)
        for follower in Self.followers {
            let server = network[follower.node]
            #expect(server.durable.log == leader.durable.log, "(\(follower.name))")
            #expect(server.commitIndex == 11, "(\(follower.name))")
            #expect(server.store == leader.store, "(\(follower.name))")
            #expect(server.leader == Self.leader)
        }
        // Figure 7's committed entries (the leader's 1…10) are applied; no entry of (c)–(f)'s
        // uncommitted terms 2, 3 and 7 or (c)'s extra 6 reached any state machine.
        #expect(leader.store == Dictionary(uniqueKeysWithValues: Self.leaderTerms.enumerated().map { ("i\($0.offset + 1)", "t\($0.element)") }))
    }

    @Test("after a crash and restart, a Figure 7 follower is brought up to date again from its persisted log")
    func followerRestart() {
        var network = Self.electedNetwork()
        let f = n(7)
        // (f) takes one refusal, then crashes and restarts from disk.
        network.deliver { $0.from == Self.leader && $0.to == f }
        network.deliver { $0.from == f && $0.to == Self.leader }
        network.crash(f)
        network.restart(f)
        #expect(network[f].durable.terms == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3])
        #expect(network[f].durable.currentTerm == 8)
        network.heartbeat(Self.leader)
        network.deliverAll()
        #expect(network[f].durable.terms == Self.leaderTermsAfterElection)
        #expect(network[f].commitIndex == 11)
    }
}
