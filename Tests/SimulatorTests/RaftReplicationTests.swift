// Raft log replication against Figure 2 of the paper: the AppendEntries receiver
// implementation (consistency check, conflict truncation, appending, commitIndex), the
// leader's rules (nextIndex/matchIndex, fast backup, the commit rule of §5.4.2 and
// Figure 8), applying to the state machine, clients, and persistence across crashes.
@testable import Protocols
import SandboxCore
import Testing

@Suite("Raft: log replication")
struct RaftReplicationTests {
    let three = raftMembers(3)
    let five = raftMembers(5)

    /// A follower `n2` of `three` in `term` with the log `terms`.
    func follower(term: Int, terms: [Int]) -> RaftBehaviour {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: term, log: raftLog(terms: terms)))
        server.drive(.start, me: n(2), members: three)
        return server
    }

    /// `n2` handles `append` from `n1`; returns the effects and the single reply.
    func handle(_ append: RaftMessage.Append, at server: inout RaftBehaviour,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> (effects: [Effect], reply: RaftMessage.AppendReply) {
        let effects = server.receive(append, from: n(1), me: n(2), members: three, sourceLocation: sourceLocation)
        let replies = sent(RaftMessage.AppendReply.self, to: n(1), in: effects)
        #expect(replies.count == 1, "one reply per AppendEntries", sourceLocation: sourceLocation)
        return (effects, try #require(replies.first, sourceLocation: sourceLocation))
    }

    // MARK: AppendEntries receiver: 1. term, 2. consistency check

    @Test("an AppendEntries of an older term is refused with our term; log and timer untouched")
    func refusesOlderTerm() throws {
        var server = follower(term: 3, terms: [1, 3])
        let (effects, reply) = try handle(appendRequest(term: 2, from: n(1), prevLogIndex: 2, prevLogTerm: 3,
                                                        entries: [raftEntry(index: 3, term: 2)], leaderCommit: 2), at: &server)
        #expect(!reply.success)
        #expect(reply.term == 3)
        #expect(server.durable.terms == [1, 3])
        #expect(server.commitIndex == 0)
        #expect(server.leader == nil)
        #expect(timerSets(RaftTimer.election, in: effects).isEmpty)
    }

    @Test("consistency check: prevLogIndex beyond our log is refused with conflictIndex = our last index + 1")
    func refusesPrevBeyondLog() throws {
        var server = follower(term: 3, terms: [1, 1, 3])
        let (effects, reply) = try handle(appendRequest(term: 3, from: n(1), prevLogIndex: 5, prevLogTerm: 3,
                                                        entries: [raftEntry(index: 6, term: 3)], leaderCommit: 3), at: &server)
        #expect(reply == appendReply(term: 3, success: false, conflictIndex: 4, conflictTerm: nil))
        #expect(server.durable.terms == [1, 1, 3])
        #expect(server.commitIndex == 0, "a refused AppendEntries does not advance commitIndex")
        #expect(server.leader == n(1), "it still comes from the current leader")
        #expect(timerSets(RaftTimer.election, in: effects).count == 1, "…so the election timer is reset")
        #expect(persisted(in: effects).isEmpty)
    }

    @Test("consistency check: a different term at prevLogIndex is refused with conflictTerm and that term's first index")
    func refusesTermMismatch() throws {
        var server = follower(term: 3, terms: [1, 1, 2, 2, 2])
        let (_, reply) = try handle(appendRequest(term: 3, from: n(1), prevLogIndex: 4, prevLogTerm: 3,
                                                  entries: [raftEntry(index: 5, term: 3)], leaderCommit: 0), at: &server)
        #expect(reply == appendReply(term: 3, success: false, conflictIndex: 3, conflictTerm: 2))
        #expect(server.durable.terms == [1, 1, 2, 2, 2], "a refused AppendEntries truncates nothing")

        let (_, first) = try handle(appendRequest(term: 3, from: n(1), prevLogIndex: 1, prevLogTerm: 3), at: &server)
        #expect(first == appendReply(term: 3, success: false, conflictIndex: 1, conflictTerm: 1))
    }

    // MARK: 3. conflict truncation, 4. appending

    @Test("new entries are appended and the reply's matchIndex is the index of the last new entry")
    func appendsNewEntries() throws {
        var server = follower(term: 2, terms: [1])
        let (effects, reply) = try handle(appendRequest(term: 2, from: n(1), prevLogIndex: 1, prevLogTerm: 1,
                                                        entries: [raftEntry(index: 2, term: 1), raftEntry(index: 3, term: 2)]),
                                          at: &server)
        #expect(reply == appendReply(term: 2, success: true, matchIndex: 3))
        #expect(server.durable.log == raftLog(terms: [1, 1, 2]))
        #expect(persisted(in: effects).last == server.durable)
    }

    @Test("an existing entry with another term is deleted together with all that follow it")
    func truncatesConflicts() throws {
        var server = follower(term: 3, terms: [1, 1, 2, 2, 2])
        let (effects, reply) = try handle(appendRequest(term: 3, from: n(1), prevLogIndex: 2, prevLogTerm: 1,
                                                        entries: [raftEntry(index: 3, term: 3)]), at: &server)
        #expect(reply == appendReply(term: 3, success: true, matchIndex: 3))
        #expect(server.durable.log == raftLog(terms: [1, 1, 3]), "indexes 4 and 5 go with the conflicting index 3")
        #expect(persisted(in: effects).last == server.durable)
    }

    @Test("entries that match are kept and not appended again; entries after them are kept too")
    func keepsMatchingEntries() throws {
        var server = follower(term: 2, terms: [1, 1, 2, 2])
        let (effects, reply) = try handle(appendRequest(term: 2, from: n(1), prevLogIndex: 0, prevLogTerm: 0,
                                                        entries: raftLog(terms: [1, 1])), at: &server)
        #expect(reply == appendReply(term: 2, success: true, matchIndex: 2))
        #expect(server.durable.log == raftLog(terms: [1, 1, 2, 2]))
        #expect(persisted(in: effects).isEmpty, "nothing changed, nothing to write")

        // Overlapping: 2…4 already there, 5 is new.
        let (_, overlap) = try handle(appendRequest(term: 2, from: n(1), prevLogIndex: 1, prevLogTerm: 1,
                                                    entries: Array(raftLog(terms: [1, 1, 2, 2, 2])[1...])), at: &server)
        #expect(overlap == appendReply(term: 2, success: true, matchIndex: 5))
        #expect(server.durable.log == raftLog(terms: [1, 1, 2, 2, 2]))
    }

    @Test("a stale, reordered AppendEntries does not truncate entries that match")
    func staleAppendKeepsLaterEntries() throws {
        var server = follower(term: 1, terms: [])
        let early = appendRequest(term: 1, from: n(1), prevLogIndex: 0, prevLogTerm: 0, entries: raftLog(terms: [1]))
        let late = appendRequest(term: 1, from: n(1), prevLogIndex: 0, prevLogTerm: 0, entries: raftLog(terms: [1, 1, 1]))
        _ = try handle(late, at: &server)
        let (effects, reply) = try handle(early, at: &server)
        #expect(server.durable.log == raftLog(terms: [1, 1, 1]))
        #expect(reply == appendReply(term: 1, success: true, matchIndex: 1))
        #expect(persisted(in: effects).isEmpty)

        // A stale heartbeat, too.
        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 1, prevLogTerm: 1), at: &server)
        #expect(server.durable.lastIndex == 3)
    }

    // MARK: 5. commitIndex = min(leaderCommit, index of last new entry)

    @Test("commitIndex = min(leaderCommit, index of the last new entry), not the end of our log")
    func followerCommitIndex() throws {
        // Entries 3…5 are unverified leftovers: a heartbeat checked only up to index 2.
        var server = follower(term: 1, terms: [1, 1, 1, 1, 1])
        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 2, prevLogTerm: 1, leaderCommit: 5), at: &server)
        #expect(server.commitIndex == 2)
        #expect(server.lastApplied == 2)
        #expect(server.store == ["i1": "t1", "i2": "t1"])

        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 2, prevLogTerm: 1,
                                     entries: [raftEntry(index: 3, term: 1)], leaderCommit: 5), at: &server)
        #expect(server.commitIndex == 3)

        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 3, prevLogTerm: 1,
                                     entries: Array(raftLog(terms: [1, 1, 1, 1, 1])[3...]), leaderCommit: 4), at: &server)
        #expect(server.commitIndex == 4, "leaderCommit bounds it")
        #expect(server.lastApplied == 4)
        #expect(server.store["i5"] == nil)
    }

    @Test("commitIndex never decreases (Figure 2: it increases monotonically), even for a short AppendEntries")
    func followerCommitIndexIsMonotonic() throws {
        var server = follower(term: 1, terms: [])
        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 0, prevLogTerm: 0,
                                     entries: raftLog(terms: [1, 1, 1]), leaderCommit: 3), at: &server)
        #expect(server.commitIndex == 3)
        // A leader that sends in batches may carry a leaderCommit beyond what one message holds.
        _ = try handle(appendRequest(term: 1, from: n(1), prevLogIndex: 0, prevLogTerm: 0,
                                     entries: raftLog(terms: [1]), leaderCommit: 4), at: &server)
        #expect(server.commitIndex == 3, "min(4, 1) must not move commitIndex back from 3 to 1")
        #expect(server.lastApplied <= server.commitIndex, "lastApplied ≤ commitIndex")
    }

    // MARK: Leaders: nextIndex, matchIndex and fast backup

    /// The leader of Figure 7, `n1` of three in term 8: `[1,1,1,4,4,5,5,6,6,6]` plus its no-op.
    func figure7Leader() -> RaftBehaviour {
        RaftBehaviour.leader(n(1), members: three, term: 8, terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6])
    }

    struct BackupCase: Sendable, CustomTestStringConvertible {
        let conflictIndex: Int
        let conflictTerm: Int?
        let nextIndex: Int
        var testDescription: String {
            "conflict \(conflictTerm.map { "term \($0)" } ?? "none") from \(conflictIndex) → nextIndex \(nextIndex)"
        }
    }

    @Test("fast backup: nextIndex jumps past our last entry of the follower's conflicting term, or to conflictIndex",
          arguments: [
              BackupCase(conflictIndex: 4, conflictTerm: 4, nextIndex: 6),   // we hold term 4 up to index 5
              BackupCase(conflictIndex: 6, conflictTerm: 5, nextIndex: 8),   // term 5 up to 7
              BackupCase(conflictIndex: 7, conflictTerm: 3, nextIndex: 7),   // we have no term 3
              BackupCase(conflictIndex: 4, conflictTerm: 2, nextIndex: 4),   // nor term 2
              BackupCase(conflictIndex: 5, conflictTerm: nil, nextIndex: 5), // follower's log ends at 4
              BackupCase(conflictIndex: 40, conflictTerm: nil, nextIndex: 12), // never beyond our log
          ])
    func fastBackup(_ example: BackupCase) throws {
        var leader = figure7Leader()
        #expect(leader.nextIndex[n(2)] == 11)
        let effects = leader.receive(appendReply(term: 8, success: false, conflictIndex: example.conflictIndex,
                                                 conflictTerm: example.conflictTerm),
                                     from: n(2), me: n(1), members: three)
        #expect(leader.nextIndex[n(2)] == example.nextIndex)
        let retry = try #require(sent(RaftMessage.Append.self, to: n(2), in: effects).first)
        #expect(retry.prevLogIndex == example.nextIndex - 1)
        #expect(retry.prevLogTerm == leader.durable.term(at: example.nextIndex - 1))
        #expect(retry.entries == Array(leader.durable.log.dropFirst(example.nextIndex - 1)))
        #expect(leader.matchIndex[n(2)] == 0)
    }

    @Test("a successful reply sets matchIndex and nextIndex; stale replies of another term are ignored")
    func successReply() {
        var leader = figure7Leader()
        leader.receive(appendReply(term: 8, success: true, matchIndex: 11), from: n(2), me: n(1), members: three)
        #expect(leader.matchIndex[n(2)] == 11)
        #expect(leader.nextIndex[n(2)] == 12)
        // A reordered older success does not move them back.
        leader.receive(appendReply(term: 8, success: true, matchIndex: 10), from: n(2), me: n(1), members: three)
        #expect(leader.matchIndex[n(2)] == 11)
        #expect(leader.nextIndex[n(2)] == 12)
        // A reply from an older term is ignored.
        let effects = leader.receive(appendReply(term: 7, success: false, conflictIndex: 1), from: n(3), me: n(1), members: three)
        #expect(leader.nextIndex[n(3)] == 11)
        #expect(sent(RaftMessage.Append.self, in: effects).isEmpty)
    }

    // MARK: Leaders: the commit rule (§5.4.2, Figure 8)

    @Test("Figure 8: an entry of an earlier term is not committed by counting replicas, only with one of the current term")
    func commitRuleFigure8() {
        // Figure 8 (c): S1 leads term 4 with [1, 2]; its no-op of term 4 is index 3.
        var leader = RaftBehaviour.leader(n(1), members: five, term: 4, terms: [1, 2])
        #expect(leader.durable.terms == [1, 2, 4])
        for follower in [n(2), n(3), n(4), n(5)] {
            leader.receive(appendReply(term: 4, success: true, matchIndex: 2), from: follower, me: n(1), members: five)
        }
        #expect(leader.matchIndex.values.allSatisfy { $0 == 2 })
        #expect(leader.commitIndex == 0, "index 2 (term 2) is on all five servers, yet must not be committed")
        #expect(leader.lastApplied == 0)

        leader.receive(appendReply(term: 4, success: true, matchIndex: 3), from: n(2), me: n(1), members: five)
        #expect(leader.commitIndex == 0, "index 3 is on two of five")
        let effects = leader.receive(appendReply(term: 4, success: true, matchIndex: 3), from: n(3), me: n(1), members: five)
        #expect(leader.commitIndex == 3, "index 3 of term 4 on a majority commits it, and index 2 with it")
        #expect(leader.lastApplied == 3)
        #expect(leader.store == ["i1": "t1", "i2": "t2"])
        #expect(sent(RaftMessage.Append.self, in: effects).allSatisfy { $0.message.leaderCommit == 3 },
                "followers hear of the new commitIndex at once")
    }

    /// Figure 8 (c) as durable states: S1, S2 and S3 hold index 2 of term 2, S4 only
    /// index 1, S5 index 2 of term 3; everyone has seen term 3.
    var figure8States: [NodeID: RaftDurableState] {
        [n(1): RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 2])),
         n(2): RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 2])),
         n(3): RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 2])),
         n(4): RaftDurableState(currentTerm: 3, log: raftLog(terms: [1])),
         n(5): RaftDurableState(currentTerm: 3, log: raftLog(terms: [1, 3]))]
    }

    @Test("Figure 8 (d): an uncommitted entry of an old term on a majority can be overwritten by a later leader")
    func figure8Overwrite() {
        var network = RaftNetwork(count: 5, states: figure8States)
        network.timeout(n(1))
        network.deliverAll { $0.is(RaftMessage.VoteRequest.self) || $0.is(RaftMessage.VoteReply.self) }
        #expect(network[n(1)].role == .leader)
        #expect(network[n(1)].durable.currentTerm == 4)
        // S1's term-4 no-op reaches nobody, and S1 crashes.
        network.drop { $0.from == n(1) }
        #expect(network[n(1)].commitIndex == 0)
        network.crash(n(1))
        // S5 (last term 3) wins term 5 with S2, S3 and S4, and overwrites index 2 of term 2.
        network.timeout(n(5))
        network.deliverAll()
        #expect(network.leaders.map(\.node) == [n(5)])
        for node in [n(2), n(3), n(4), n(5)] {
            #expect(network[node].durable.terms == [1, 3, 5])
            #expect(network[node].commitIndex == 3)
        }
    }

    @Test("Figure 8 (e): once the current term's no-op is on a majority, the old entry is committed and survives")
    func figure8Committed() {
        var network = RaftNetwork(count: 5, states: figure8States)
        network.timeout(n(1))
        network.deliverAll { $0.is(RaftMessage.VoteRequest.self) || $0.is(RaftMessage.VoteReply.self) }
        // S1 replicates its no-op to S2 and S3 only.
        network.drop { $0.from == n(1) && ($0.to == n(4) || $0.to == n(5)) }
        network.deliverAll { $0.between(n(1), n(2)) || $0.between(n(1), n(3)) }
        #expect(network[n(1)].commitIndex == 3)
        #expect(network[n(1)].store["i2"] == "t2")
        network.crash(n(1))
        network.drop { $0.from == n(1) }
        // S5 can no longer be elected: S2 and S3 hold a later last term.
        network.timeout(n(5))
        network.deliverAll()
        #expect(network[n(5)].role == .candidate)
        network.timeout(n(2))
        network.deliverAll()
        #expect(network.leaders.map(\.node) == [n(2)])
        for node in [n(2), n(3), n(4), n(5)] {
            #expect(Array(network[node].durable.terms.prefix(3)) == [1, 2, 4])
            #expect(network[node].store["i2"] == "t2")
        }
    }

    // MARK: Applying, clients

    @Test("a client's write is answered only after its entry is committed and applied")
    func replyAfterApply() throws {
        var network = RaftNetwork(count: 3)
        network.elect(n(1))
        let effects = network.request(n(1), "put", "x", "1")
        #expect(replies(in: effects).isEmpty)
        #expect(network[n(1)].durable.log.last == RaftEntry(term: 1, command: .put(key: "x", value: "1")))
        #expect(sent(RaftMessage.Append.self, in: effects).map(\.to) == [n(2), n(3)])
        #expect(network[n(1)].store["x"] == nil)

        network.deliver { $0.to == n(2) }
        #expect(network.clientReplies[n(1)] == nil, "not yet on a majority")
        network.deliver { $0.from == n(2) && $0.to == n(1) }
        #expect(network[n(1)].commitIndex == 2)
        #expect(network.clientReplies[n(1)] == ["put x 1: ok (index 2, term 1)"])
        #expect(network[n(1)].store == ["x": "1"])

        network.deliverAll()
        for node in network.members {
            #expect(network[node].store == ["x": "1"])
            #expect(network[node].lastApplied == 2)
        }
    }

    @Test("committed entries are applied in log order to the key-value store on every server")
    func appliesInOrder() throws {
        var network = RaftNetwork(count: 3)
        network.elect(n(1))
        let requests = [["put", "x", "1"], ["put", "x", "2"], ["cas", "x", "2", "3"], ["cas", "x", "9", "4"],
                        ["get", "x"], ["put", "y", "7"], ["delete", "x"], ["get", "x"], ["delete", "x"]]
        for words in requests {
            network.input(n(1), .request(ClientRequest(operation: words[0], arguments: Array(words.dropFirst()))))
            // Interleave delivery a little, so that several entries travel together.
            network.deliver()
        }
        network.deliverAll()
        let answers = try #require(network.clientReplies[n(1)])
        #expect(answers == [
            "put x 1: ok (index 2, term 1)",
            "put x 2: ok (index 3, term 1)",
            "cas x 2 3: ok (index 4, term 1)",
            "cas x 9 4: failed: x is 3 (index 5, term 1)",
            "get x: x = 3 (index 6, term 1)",
            "put y 7: ok (index 7, term 1)",
            "delete x: ok (index 8, term 1)",
            "get x: x is not set (index 9, term 1)",
            "delete x: not found (index 10, term 1)",
        ])
        for node in network.members {
            #expect(network[node].store == ["y": "7"])
            #expect(network[node].commitIndex == 10)
            #expect(network[node].lastApplied == 10)
        }
    }

    @Test("followers redirect clients to the leader they know, and append nothing")
    func followersRedirect() {
        var network = RaftNetwork(count: 3)
        let unknown = network.request(n(2), "put", "x", "1")
        #expect(replies(in: unknown) == ["not the leader, and no leader is known yet"])
        network.elect(n(1))
        let redirected = network.request(n(2), "put", "x", "1")
        #expect(replies(in: redirected) == ["not the leader: try n1"])
        #expect(network[n(2)].durable.lastIndex == 1)
        #expect(sent(RaftMessage.Append.self, in: redirected).isEmpty)

        let malformed = network.request(n(1), "put", "x")
        #expect(replies(in: malformed).first?.hasPrefix("raft understands") == true)
        #expect(network[n(1)].durable.lastIndex == 1)
    }

    @Test("a deposed leader does not tell a client its write succeeded when another entry takes its index")
    func noFalseSuccessAfterOverwrite() {
        var network = RaftNetwork(count: 3)
        network.elect(n(1))
        // n1 accepts a write but is cut off before sending it.
        network.request(n(1), "put", "x", "1")
        network.drop { $0.from == n(1) }
        // n2 wins term 2 with n3's vote; its no-op takes index 2.
        network.timeout(n(2))
        network.deliverAll { $0.to != n(1) && $0.from != n(1) }
        #expect(network.leaders.map(\.node).contains(n(2)))
        // The partition heals: n1 steps down, its index 2 is overwritten, index 2 commits.
        network.deliverAll()
        network.heartbeat(n(2))
        network.deliverAll()
        #expect(network[n(1)].role == .follower)
        #expect(network[n(1)].durable.terms == [1, 2])
        #expect(network[n(1)].commitIndex == 2)
        #expect(network[n(1)].store["x"] == nil, "put x 1 was never committed")
        let told = network.clientReplies[n(1)] ?? []
        #expect(!told.contains { $0.hasPrefix("put x 1: ok") },
                "the client was told its uncommitted write succeeded: \(told)")
        #expect(told.filter { $0.hasPrefix("put x 1") }.count == 1, "the client hears once that its write is lost: \(told)")
    }

    // MARK: Persistence and crashes

    @Test("a server rebuilt from what it persisted keeps term, vote and log, and starts as a follower with commitIndex 0")
    func restartFromDisk() throws {
        var network = RaftNetwork(count: 3)
        network.elect(n(1))
        network.request(n(1), "put", "x", "1")
        network.deliverAll()
        network.heartbeat(n(1))
        network.deliverAll()

        for node in [n(2), n(1)] {
            let before = network[node]
            #expect(network.disk[node] == before.durable, "the disk holds exactly the durable state")
            #expect(before.commitIndex == 2)
            network.crash(node)
            let effects = network.restart(node)
            let after = network[node]
            #expect(after.durable == before.durable)
            #expect(after.role == .follower)
            #expect(after.commitIndex == 0)
            #expect(after.lastApplied == 0)
            #expect(after.store.isEmpty)
            #expect(after.leader == nil)
            #expect(timerSets(RaftTimer.election, in: effects).count == 1)
        }
        #expect(network[n(1)].durable.votedFor == n(1))
        #expect(network[n(2)].durable.votedFor == n(1))

        // The vote survives the crash: n1 cannot vote again in term 1.
        let vote = network.input(n(1), .message(from: n(3), payload: voteRequest(term: 1, from: n(3), lastLogIndex: 9, lastLogTerm: 1)))
        #expect(sent(RaftMessage.VoteReply.self, in: vote).map(\.message) == [voteReply(term: 1, granted: false)])

        // The cluster elects again and the restarted servers re-apply the committed log.
        network.elect(n(3))
        network.heartbeat(n(3))
        network.deliverAll()
        for node in network.members {
            #expect(network[node].durable.terms == [1, 1, 2])
            #expect(network[node].store == ["x": "1"])
            #expect(network[node].commitIndex == 3)
        }
    }

    @Test("persist effects carry the full durable state for every change of term, vote or log")
    func persistCarriesDurableState() {
        // `RaftNetwork.input` checks every handled input; here a run that touches all three.
        var network = RaftNetwork(count: 3)
        network.elect(n(1))                 // term, vote, no-op
        network.request(n(1), "put", "a", "1")
        network.deliverAll()                // log on followers
        network.timeout(n(2))               // new term and vote
        network.deliverAll()
        for node in network.members {
            #expect(network.disk[node] == network[node].durable)
        }
        #expect(network[n(3)].durable.votedFor == n(2))
        #expect(network[n(2)].durable.currentTerm == 2)
    }

    // MARK: Random schedules

    @Test("random schedules with loss, duplication, reordering and crashes keep Raft's safety properties",
          arguments: 1...40)
    func randomSchedules(seed: Int) {
        var network = RaftNetwork(count: 5, seed: UInt64(seed))
        var choose = SeededRandom(seed: UInt64(seed) &* 7919)
        var leaderOfTerm: [Int: NodeID] = [:]
        var committed: [RaftEntry] = []  // the longest committed prefix seen anywhere
        var writes = 0

        for _ in 0..<400 {
            let roll = choose.below(100)
            let node = network.members[Int(choose.below(5))]
            switch roll {
            case 0..<55 where !network.inFlight.isEmpty:
                network.deliver(at: Int(choose.below(UInt64(network.inFlight.count))))
            case 55..<62 where !network.inFlight.isEmpty:
                network.drop(at: Int(choose.below(UInt64(network.inFlight.count))))
            case 62..<66 where !network.inFlight.isEmpty:
                network.resend(network.inFlight[Int(choose.below(UInt64(network.inFlight.count)))])
            case 66..<74:
                network.timeout(node)
            case 74..<84:
                network.heartbeat(node)
            case 84..<94:
                writes += 1
                network.request(node, "put", "k\(writes % 3)", "\(writes)")
            case 94..<97:
                if !network.crashed.contains(node), network.crashed.count < 2 { network.crash(node) }
            default:
                if network.crashed.contains(node) { network.restart(node) }
            }

            for (leader, term) in network.leaders {
                // Election Safety: at most one leader per term.
                if let other = leaderOfTerm[term] {
                    #expect(other == leader, "seed \(seed): two leaders in term \(term)")
                } else {
                    // Leader Completeness: a new leader holds every committed entry.
                    #expect(Array(network[leader].durable.log.prefix(committed.count)) == committed,
                            "seed \(seed): leader \(leader) of term \(term) lacks committed entries")
                    leaderOfTerm[term] = leader
                }
            }
            for node in network.members where !network.crashed.contains(node) {
                let server = network[node]
                #expect(server.lastApplied <= server.commitIndex, "seed \(seed): \(node) applied beyond its commitIndex")
                #expect(server.commitIndex <= server.durable.lastIndex)
                // State Machine Safety: committed prefixes agree everywhere.
                let mine = Array(server.durable.log.prefix(server.commitIndex))
                let shared = min(mine.count, committed.count)
                #expect(mine.prefix(shared) == committed.prefix(shared),
                        "seed \(seed): \(node)'s committed entries disagree with another server's")
                if mine.count > committed.count { committed = mine }
            }
        }
        // A client told "ok" was answered after its own entry committed: the committed log
        // holds that very command at the index and term of the answer.
        for (_, answers) in network.clientReplies {
            for answer in answers where answer.contains(": ok (index ") {
                let words = answer.split(separator: " ")  // put k1 5: ok (index 7, term 2)
                guard words.count == 8, let index = Int(words[5].dropLast()), let term = Int(words[7].dropLast()) else {
                    Issue.record("seed \(seed): unexpected reply \(answer)")
                    continue
                }
                let command = RaftCommand.put(key: String(words[1]), value: String(words[2].dropLast()))
                #expect(index >= 1 && index <= committed.count && committed[index - 1] == RaftEntry(term: term, command: command),
                        "seed \(seed): \"\(answer)\" does not match the committed log")
            }
        }
        // Log Matching: two logs with an entry of the same index and term agree up to it.
        let logs = network.members.map { network[$0].durable.log }
        for a in logs.indices {
            for b in logs.indices where a < b {
                let shared = min(logs[a].count, logs[b].count)
                if let last = (0..<shared).last(where: { logs[a][$0].term == logs[b][$0].term }) {
                    #expect(logs[a][...last] == logs[b][...last], "seed \(seed): Log Matching broken")
                }
            }
        }
    }
}
