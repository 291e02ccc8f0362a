// Raft leader election against Figure 2 of the paper: "Rules for Servers" (followers,
// candidates, all servers) and the RequestVote receiver implementation, with §5.4.1's
// election restriction.
@testable import Protocols
import SandboxCore
import Testing

@Suite("Raft: elections")
struct RaftElectionTests {
    let three = raftMembers(3)
    let five = raftMembers(5)

    // MARK: Followers and candidates: the election timeout

    @Test("start makes a follower and arms the election timer within the configured range")
    func startArmsElectionTimer() {
        var server = RaftBehaviour()
        let effects = server.drive(.start, me: n(1), members: three)
        #expect(server.role == .follower)
        #expect(server.leader == nil)
        let armed = timerSets(RaftTimer.election, in: effects)
        #expect(armed.count == 1)
        #expect(armed.allSatisfy { server.options.electionTimeout.contains($0.microseconds) })
    }

    @Test("election timeouts are randomized across servers")
    func electionTimeoutsAreRandomized() {
        let timeouts = Set((1...20).map { seed -> Int64 in
            var server = RaftBehaviour()
            let effects = server.drive(.start, me: n(1), members: three, seed: UInt64(seed))
            return timerSets(RaftTimer.election, in: effects).first?.microseconds ?? -1
        })
        #expect(timeouts.count > 10)
        #expect(!timeouts.contains(-1))
    }

    @Test("election timeout: term+1, votes for itself, persists, then sends RequestVote with its last log entry")
    func timeoutMakesCandidate() throws {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 2, log: raftLog(terms: [1, 2])))
        server.drive(.start, me: n(1), members: three)
        let effects = server.drive(.timer(name: RaftTimer.election), me: n(1), members: three)

        #expect(server.role == .candidate)
        #expect(server.durable.currentTerm == 3)
        #expect(server.durable.votedFor == n(1))
        #expect(server.votes == [n(1)])
        #expect(server.leader == nil)
        #expect(server.durable.terms == [1, 2])

        let persistedStates = persisted(in: effects)
        #expect(persistedStates.last == RaftDurableState(currentTerm: 3, votedFor: n(1), log: raftLog(terms: [1, 2])))
        let firstPersist = try #require(effects.firstIndex { if case .persist = $0 { true } else { false } })
        let firstSend = try #require(effects.firstIndex { if case .send = $0 { true } else { false } })
        #expect(firstPersist < firstSend, "currentTerm and votedFor must be on disk before RequestVote leaves")

        let requests = sent(RaftMessage.VoteRequest.self, in: effects)
        #expect(requests.map(\.to) == [n(2), n(3)])
        for (_, request) in requests {
            #expect(request == voteRequest(term: 3, from: n(1), lastLogIndex: 2, lastLogTerm: 2))
        }
        #expect(timerSets(RaftTimer.election, in: effects).count == 1, "a candidate re-arms its election timer")
    }

    @Test("a candidate whose election times out starts another one in the next term")
    func candidateRetries() {
        var server = RaftBehaviour()
        server.drive(.start, me: n(2), members: three)
        server.drive(.timer(name: RaftTimer.election), me: n(2), members: three)
        let effects = server.drive(.timer(name: RaftTimer.election), me: n(2), members: three)
        #expect(server.role == .candidate)
        #expect(server.durable.currentTerm == 2)
        #expect(server.durable.votedFor == n(2))
        #expect(server.votes == [n(2)])
        #expect(sent(RaftMessage.VoteRequest.self, in: effects).map(\.message.term) == [2, 2])
    }

    @Test("a leader ignores a stray election timer")
    func leaderIgnoresElectionTimer() {
        var server = RaftBehaviour.leader(n(1), members: three, term: 1, terms: [])
        let term = server.durable.currentTerm
        let effects = server.drive(.timer(name: RaftTimer.election), me: n(1), members: three)
        #expect(server.role == .leader)
        #expect(server.durable.currentTerm == term)
        #expect(sent(RaftMessage.VoteRequest.self, in: effects).isEmpty)
    }

    @Test("a single server elects itself at once")
    func singleServerElectsItself() {
        var network = RaftNetwork(count: 1)
        network.timeout(n(1))
        #expect(network[n(1)].role == .leader)
        #expect(network[n(1)].durable.terms == [1])
        #expect(network[n(1)].commitIndex == 1)
    }

    // MARK: RequestVote receiver

    @Test("a vote is granted to an up-to-date candidate, persisted before the reply, and resets the election timer")
    func grantsVote() throws {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 2, log: raftLog(terms: [1, 2])))
        server.drive(.start, me: n(2), members: three)
        let effects = server.receive(voteRequest(term: 2, from: n(1), lastLogIndex: 2, lastLogTerm: 2),
                                     from: n(1), me: n(2), members: three)
        #expect(server.durable.votedFor == n(1))
        #expect(sent(RaftMessage.VoteReply.self, to: n(1), in: effects) == [voteReply(term: 2, granted: true)])
        #expect(persisted(in: effects).last?.votedFor == n(1))
        let persistAt = try #require(effects.firstIndex { if case .persist = $0 { true } else { false } })
        let replyAt = try #require(effects.firstIndex { if case .send = $0 { true } else { false } })
        #expect(persistAt < replyAt)
        #expect(timerSets(RaftTimer.election, in: effects).count == 1)
    }

    @Test("one vote per term: a second candidate of the same term is refused, the same one again is not")
    func oneVotePerTerm() {
        var server = RaftBehaviour()
        server.drive(.start, me: n(3), members: three)
        server.receive(voteRequest(term: 1, from: n(1), lastLogIndex: 0, lastLogTerm: 0), from: n(1), me: n(3), members: three)
        let refused = server.receive(voteRequest(term: 1, from: n(2), lastLogIndex: 0, lastLogTerm: 0),
                                     from: n(2), me: n(3), members: three)
        #expect(sent(RaftMessage.VoteReply.self, to: n(2), in: refused) == [voteReply(term: 1, granted: false)])
        #expect(server.durable.votedFor == n(1))
        #expect(timerSets(RaftTimer.election, in: refused).isEmpty, "a refused vote does not reset the election timer")
        #expect(persisted(in: refused).isEmpty)

        // A duplicated request from the candidate we voted for is granted again.
        let repeated = server.receive(voteRequest(term: 1, from: n(1), lastLogIndex: 0, lastLogTerm: 0),
                                      from: n(1), me: n(3), members: three)
        #expect(sent(RaftMessage.VoteReply.self, to: n(1), in: repeated) == [voteReply(term: 1, granted: true)])

        // In a later term the vote is free again.
        let later = server.receive(voteRequest(term: 2, from: n(2), lastLogIndex: 0, lastLogTerm: 0),
                                   from: n(2), me: n(3), members: three)
        #expect(sent(RaftMessage.VoteReply.self, to: n(2), in: later) == [voteReply(term: 2, granted: true)])
        #expect(server.durable == RaftDurableState(currentTerm: 2, votedFor: n(2)))
    }

    @Test("a RequestVote of an older term is refused with our term, changing nothing")
    func refusesOlderTerm() {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 5, log: raftLog(terms: [1])))
        server.drive(.start, me: n(2), members: three)
        let before = server.durable
        let effects = server.receive(voteRequest(term: 4, from: n(1), lastLogIndex: 9, lastLogTerm: 4),
                                     from: n(1), me: n(2), members: three)
        #expect(sent(RaftMessage.VoteReply.self, to: n(1), in: effects) == [voteReply(term: 5, granted: false)])
        #expect(server.durable == before)
        #expect(timerSets(RaftTimer.election, in: effects).isEmpty)
    }

    /// Our log has last term 3 at index 4: `[1, 1, 3, 3]`.
    struct UpToDateCase: Sendable, CustomTestStringConvertible {
        let lastLogTerm: Int
        let lastLogIndex: Int
        let granted: Bool
        var testDescription: String { "candidate last \(lastLogIndex)@t\(lastLogTerm) → \(granted ? "grant" : "refuse")" }
    }

    @Test("§5.4.1 election restriction: the later last term wins; with equal last terms the longer log",
          arguments: [
              UpToDateCase(lastLogTerm: 2, lastLogIndex: 9, granted: false),  // older last term, longer log
              UpToDateCase(lastLogTerm: 0, lastLogIndex: 0, granted: false),  // empty log
              UpToDateCase(lastLogTerm: 3, lastLogIndex: 3, granted: false),  // same last term, shorter
              UpToDateCase(lastLogTerm: 3, lastLogIndex: 4, granted: true),   // identical
              UpToDateCase(lastLogTerm: 3, lastLogIndex: 7, granted: true),   // same last term, longer
              UpToDateCase(lastLogTerm: 4, lastLogIndex: 1, granted: true),   // later last term, shorter
          ])
    func electionRestriction(_ example: UpToDateCase) {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 1, 3, 3])))
        server.drive(.start, me: n(2), members: three)
        let effects = server.receive(voteRequest(term: 5, from: n(1), lastLogIndex: example.lastLogIndex,
                                                 lastLogTerm: example.lastLogTerm),
                                     from: n(1), me: n(2), members: three)
        #expect(sent(RaftMessage.VoteReply.self, to: n(1), in: effects) == [voteReply(term: 5, granted: example.granted)])
        #expect(server.durable.currentTerm == 5, "the higher term is adopted either way")
        #expect(server.durable.votedFor == (example.granted ? n(1) : nil))
        #expect(persisted(in: effects).last == server.durable)
        #expect(server.durable.terms == [1, 1, 3, 3])
        if example.granted {
            #expect(!timerSets(RaftTimer.election, in: effects).isEmpty)
        }
    }

    // MARK: All servers: a higher term makes a follower and clears the vote

    enum HigherTermInput: String, CaseIterable, Sendable {
        case voteRequest, voteReply, append, appendReply
    }

    @Test("a leader seeing a higher term in any RPC or reply steps down, adopts it and clears votedFor",
          arguments: HigherTermInput.allCases)
    func leaderStepsDown(_ kind: HigherTermInput) {
        var server = RaftBehaviour.leader(n(1), members: three, term: 2, terms: [1])
        #expect(server.role == .leader)
        #expect(server.durable.votedFor == n(1))
        let payload: any Payload = switch kind {
        case .voteRequest: voteRequest(term: 7, from: n(2), lastLogIndex: 0, lastLogTerm: 0)
        case .voteReply: voteReply(term: 7, granted: false)
        case .append: appendRequest(term: 7, from: n(2), prevLogIndex: 0, prevLogTerm: 0)
        case .appendReply: appendReply(term: 7, success: false, conflictIndex: 1)
        }
        let effects = server.receive(payload, from: n(2), me: n(1), members: three)
        #expect(server.role == .follower)
        #expect(server.durable.currentTerm == 7)
        // The stale-log vote request is refused, so votedFor stays cleared in every case.
        #expect(server.durable.votedFor == nil)
        #expect(persisted(in: effects).contains { $0.currentTerm == 7 && $0.votedFor == nil })
        #expect(timerCancels(RaftTimer.heartbeat, in: effects) >= 1, "a former leader stops its heartbeats")
        #expect(!timerSets(RaftTimer.election, in: effects).isEmpty, "a follower waits for a leader again")
        #expect(server.nextIndex.isEmpty && server.matchIndex.isEmpty)
        if kind == .append {
            #expect(server.leader == n(2))
        }
    }

    @Test("a candidate seeing a higher term in any RPC or reply steps down, adopts it and clears votedFor",
          arguments: HigherTermInput.allCases)
    func candidateStepsDown(_ kind: HigherTermInput) {
        var server = RaftBehaviour()
        server.drive(.start, me: n(1), members: five)
        server.drive(.timer(name: RaftTimer.election), me: n(1), members: five)
        server.receive(voteReply(term: 1, granted: true), from: n(2), me: n(1), members: five)
        #expect(server.role == .candidate)
        let payload: any Payload = switch kind {
        case .voteRequest: voteRequest(term: 4, from: n(3), lastLogIndex: 0, lastLogTerm: 0)
        case .voteReply: voteReply(term: 4, granted: false)
        case .append: appendRequest(term: 4, from: n(3), prevLogIndex: 0, prevLogTerm: 0)
        case .appendReply: appendReply(term: 4, success: false)
        }
        server.receive(payload, from: n(3), me: n(1), members: five)
        #expect(server.role == .follower)
        #expect(server.durable.currentTerm == 4)
        #expect(server.votes.isEmpty)
        // A candidate with an equal log grants the vote in the new term; otherwise votedFor is cleared.
        #expect(server.durable.votedFor == (kind == .voteRequest ? n(3) : nil))
    }

    @Test("a candidate receiving AppendEntries of its own term from another server steps down to follow it")
    func candidateYieldsToLeaderOfSameTerm() {
        var server = RaftBehaviour()
        server.drive(.start, me: n(2), members: three)
        server.drive(.timer(name: RaftTimer.election), me: n(2), members: three)
        let effects = server.receive(appendRequest(term: 1, from: n(3), prevLogIndex: 0, prevLogTerm: 0),
                                     from: n(3), me: n(2), members: three)
        #expect(server.role == .follower)
        #expect(server.leader == n(3))
        #expect(server.durable.currentTerm == 1)
        #expect(server.durable.votedFor == n(2), "the vote of the current term is kept")
        #expect(sent(RaftMessage.AppendReply.self, to: n(3), in: effects).map(\.success) == [true])
    }

    @Test("a candidate refuses AppendEntries of an older term and stays a candidate")
    func candidateRefusesOlderLeader() {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 4))
        server.drive(.start, me: n(2), members: three)
        server.drive(.timer(name: RaftTimer.election), me: n(2), members: three)
        let effects = server.receive(appendRequest(term: 3, from: n(3), prevLogIndex: 0, prevLogTerm: 0),
                                     from: n(3), me: n(2), members: three)
        #expect(server.role == .candidate)
        #expect(server.durable.currentTerm == 5)
        let replies = sent(RaftMessage.AppendReply.self, to: n(3), in: effects)
        #expect(replies.map(\.term) == [5])
        #expect(replies.map(\.success) == [false])
    }

    // MARK: Candidates: a majority of votes makes a leader

    @Test("votes from a majority make a leader, which appends a no-op of its term and sends AppendEntries")
    func majorityMakesLeader() throws {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 3])))
        server.drive(.start, me: n(1), members: five)
        server.drive(.timer(name: RaftTimer.election), me: n(1), members: five)
        server.receive(voteReply(term: 4, granted: true), from: n(2), me: n(1), members: five)
        server.receive(voteReply(term: 4, granted: false), from: n(3), me: n(1), members: five)
        server.receive(voteReply(term: 4, granted: true), from: n(2), me: n(1), members: five)  // duplicate
        server.receive(voteReply(term: 3, granted: true), from: n(5), me: n(1), members: five)  // stale term
        #expect(server.role == .candidate, "two distinct votes of five are not a majority")
        #expect(server.votes == [n(1), n(2)])

        let effects = server.receive(voteReply(term: 4, granted: true), from: n(4), me: n(1), members: five)
        #expect(server.role == .leader)
        #expect(server.leader == n(1))
        #expect(server.durable.currentTerm == 4)
        #expect(server.durable.log == raftLog(terms: [1, 3]) + [RaftEntry(term: 4, command: .noop)])
        #expect(persisted(in: effects).last == server.durable)
        let persistAt = try #require(effects.firstIndex { if case .persist = $0 { true } else { false } })
        let sendAt = try #require(effects.firstIndex { if case .send = $0 { true } else { false } })
        #expect(persistAt < sendAt, "the no-op is on disk before it is sent")

        let appends = sent(RaftMessage.Append.self, in: effects)
        #expect(appends.map(\.to) == [n(2), n(3), n(4), n(5)])
        for (_, append) in appends {
            #expect(append == appendRequest(term: 4, from: n(1), prevLogIndex: 2, prevLogTerm: 3,
                                            entries: [RaftEntry(term: 4, command: .noop)], leaderCommit: 0))
        }
        #expect(server.nextIndex == [n(2): 3, n(3): 3, n(4): 3, n(5): 3])
        #expect(server.matchIndex == [n(2): 0, n(3): 0, n(4): 0, n(5): 0])
        #expect(timerCancels(RaftTimer.election, in: effects) == 1)
        #expect(timerSets(RaftTimer.heartbeat, in: effects) == [.microseconds(server.options.heartbeatInterval)])
        #expect(server.commitIndex == 0, "nothing is committed before a majority holds the no-op")

        // Votes arriving after the election change nothing.
        let late = server.receive(voteReply(term: 4, granted: true), from: n(5), me: n(1), members: five)
        #expect(server.role == .leader)
        #expect(sent(RaftMessage.Append.self, in: late).isEmpty)
    }

    @Test("the heartbeat timer makes a leader send AppendEntries to every follower and re-arm it")
    func heartbeats() {
        var server = RaftBehaviour.leader(n(1), members: three, term: 1, terms: [])
        let effects = server.drive(.timer(name: RaftTimer.heartbeat), me: n(1), members: three)
        #expect(sent(RaftMessage.Append.self, in: effects).map(\.to) == [n(2), n(3)])
        #expect(timerSets(RaftTimer.heartbeat, in: effects).count == 1)

        var follower = RaftBehaviour()
        follower.drive(.start, me: n(2), members: three)
        let ignored = follower.drive(.timer(name: RaftTimer.heartbeat), me: n(2), members: three)
        #expect(sent(RaftMessage.Append.self, in: ignored).isEmpty, "only leaders send heartbeats")
    }

    @Test("a valid AppendEntries (even a heartbeat) resets a follower's election timer")
    func heartbeatResetsElectionTimer() {
        var follower = RaftBehaviour(durable: RaftDurableState(currentTerm: 2))
        follower.drive(.start, me: n(2), members: three)
        let current = follower.receive(appendRequest(term: 2, from: n(1), prevLogIndex: 0, prevLogTerm: 0),
                                       from: n(1), me: n(2), members: three)
        #expect(timerSets(RaftTimer.election, in: current).count == 1)
        let stale = follower.receive(appendRequest(term: 1, from: n(3), prevLogIndex: 0, prevLogTerm: 0),
                                     from: n(3), me: n(2), members: three)
        #expect(timerSets(RaftTimer.election, in: stale).isEmpty, "a deposed leader must not keep us from electing")
        #expect(follower.leader == n(1))
    }

    // MARK: Whole elections through the network

    @Test("a complete election in three servers: one leader, followers know it, the no-op commits everywhere")
    func completeElection() {
        var network = RaftNetwork(count: 3)
        network.elect(n(2))
        #expect(network.leaders.map(\.node) == [n(2)])
        for node in network.members {
            #expect(network[node].durable.currentTerm == 1)
            #expect(network[node].durable.log == [RaftEntry(term: 1, command: .noop)])
            #expect(network[node].leader == n(2))
            #expect(network[node].commitIndex == 1)
            #expect(network[node].lastApplied == 1)
        }
        #expect(network[n(1)].durable.votedFor == n(2))
    }

    @Test("a split vote elects nobody; the next timeout elects a leader in a later term")
    func splitVote() {
        var network = RaftNetwork(count: 4)
        network.timeout(n(1))
        network.timeout(n(2))
        // n3 hears n1 first, n4 hears n2 first: two votes each, three needed.
        network.deliver { $0.from == n(1) && $0.to == n(3) }
        network.deliver { $0.from == n(2) && $0.to == n(4) }
        network.deliverAll()
        #expect(network.leaders.isEmpty)
        #expect(network[n(1)].role == .candidate && network[n(2)].role == .candidate)
        network.elect(n(1))
        #expect(network.leaders.map(\.node) == [n(1)])
        #expect(network.leaders.map(\.term) == [2])
    }

    @Test("a server with a stale log cannot be elected, and the election restriction keeps committed entries")
    func staleServerCannotWin() {
        var network = RaftNetwork(count: 3)
        network.elect(n(1))
        // n3 misses a committed write.
        network.request(n(1), "put", "x", "1")
        network.drop { $0.to == n(3) }
        network.deliverAll { $0.to != n(3) && $0.from != n(3) }
        network.drop { $0.to == n(3) }
        #expect(network[n(1)].commitIndex == 2)
        #expect(network[n(3)].durable.lastIndex == 1)
        network.crash(n(1))
        network.timeout(n(3))
        network.deliverAll()
        #expect(network[n(3)].role == .candidate, "n2 holds a committed entry n3 lacks and refuses its vote")
        network.timeout(n(2))
        network.deliverAll()
        #expect(network.leaders.map(\.node) == [n(2)])
        #expect(network[n(3)].durable.log.prefix(2) == network[n(1)].durable.log.prefix(2))
    }
}
