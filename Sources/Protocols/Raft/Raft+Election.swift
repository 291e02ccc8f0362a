import SandboxCore

extension RaftBehaviour {
    /// The election timer fired: with PreVote, first ask whether an election could be won;
    /// without it, start one.
    mutating func electionTimeout(context: inout BehaviourContext) {
        guard role != .leader else { return }
        guard options.preVote, context.cluster.count > 1 else { return startElection(context: &context) }
        role = .precandidate
        preVotes = [context.me]
        context.note("\(context.me) times out and asks for pre-votes for term \(durable.currentTerm + 1) (its term stays \(durable.currentTerm))")
        resetElectionTimer(context: &context)
        let request = RaftMessage.PreVoteRequest(term: durable.currentTerm + 1, candidate: context.me,
                                                 lastLogIndex: durable.lastIndex, lastLogTerm: durable.lastTerm)
        context.broadcast(request, to: context.cluster)
    }

    /// PreVote receiver: answer as if voting, but change nothing. A server that has heard
    /// from a leader recently refuses, so a server cut off from the cluster cannot win.
    mutating func handlePreVoteRequest(_ request: RaftMessage.PreVoteRequest, context: inout BehaviourContext) {
        var granted = false
        if request.term <= durable.currentTerm {
            context.note("\(context.me) refuses pre-vote to \(request.candidate): term \(request.term) is not newer than ours (\(durable.currentTerm))")
        } else if heardFromLeaderRecently(context) {
            context.note("\(context.me) refuses pre-vote to \(request.candidate): it heard from leader \(leader?.description ?? "-") recently")
        } else if !options.unsafe.contains(.noLogCheck),
                  !Self.isUpToDate(lastTerm: request.lastLogTerm, lastIndex: request.lastLogIndex, comparedTo: durable) {
            context.note("\(context.me) refuses pre-vote to \(request.candidate): candidate log is behind ours")
        } else {
            granted = true
        }
        context.send(RaftMessage.PreVoteReply(term: request.term, granted: granted, voterTerm: durable.currentTerm),
                     to: request.candidate)
    }

    mutating func handlePreVoteReply(_ reply: RaftMessage.PreVoteReply, from voter: NodeID, context: inout BehaviourContext) {
        observe(term: reply.voterTerm, from: voter, context: &context)
        guard role == .precandidate, reply.term == durable.currentTerm + 1, reply.granted else { return }
        preVotes.insert(voter)
        if preVotes.count >= majority(context) {
            context.note("\(context.me) has \(preVotes.count) pre-votes: starts the election")
            startElection(context: &context)
        }
    }

    /// Become a candidate in a new term and ask everyone for votes.
    mutating func startElection(context: inout BehaviourContext) {
        guard role != .leader else { return }
        durable.currentTerm += 1
        durable.votedFor = context.me
        persist(&context)
        role = .candidate
        leader = nil
        votes = [context.me]
        preVotes = []
        context.note("\(context.me) times out and starts an election for term \(durable.currentTerm)")
        resetElectionTimer(context: &context)
        if votes.count >= majority(context) {
            becomeLeader(context: &context)
            return
        }
        let request = RaftMessage.VoteRequest(term: durable.currentTerm, candidate: context.me,
                                              lastLogIndex: durable.lastIndex, lastLogTerm: durable.lastTerm)
        context.broadcast(request, to: context.cluster)
    }

    /// RequestVote receiver (Figure 2): grant at most one vote per term, and only to a
    /// candidate whose log is at least as up-to-date as ours (§5.4.1).
    mutating func handleVoteRequest(_ request: RaftMessage.VoteRequest, context: inout BehaviourContext) {
        // CheckQuorum's other half: while a leader is being heard, vote requests are
        // ignored, so a rejoining server cannot depose it (thesis §9.6).
        if options.checkQuorum, request.term > durable.currentTerm, heardFromLeaderRecently(context), leader != request.candidate {
            context.note("\(context.me) ignores vote request from \(request.candidate) (term \(request.term)): it heard from leader \(leader?.description ?? "-") recently")
            return
        }
        observe(term: request.term, from: request.candidate, context: &context)
        let candidate = request.candidate
        var granted = false
        if request.term < durable.currentTerm {
            context.note("\(context.me) rejects vote for \(candidate) (term \(request.term)): our term \(durable.currentTerm) is newer")
        } else if let voted = durable.votedFor, voted != candidate {
            context.note("\(context.me) rejects vote for \(candidate) (term \(request.term)): already voted for \(voted)")
        } else if !options.unsafe.contains(.noLogCheck),
                  !Self.isUpToDate(lastTerm: request.lastLogTerm, lastIndex: request.lastLogIndex, comparedTo: durable) {
            context.note("\(context.me) rejects vote for \(candidate) (term \(request.term)): candidate log "
                + "(last term \(request.lastLogTerm), index \(request.lastLogIndex)) is behind ours "
                + "(last term \(durable.lastTerm), index \(durable.lastIndex))")
        } else {
            granted = true
            durable.votedFor = candidate
            persist(&context)
            context.note("\(context.me) votes for \(candidate) in term \(request.term)")
            resetElectionTimer(context: &context)
        }
        context.send(RaftMessage.VoteReply(term: durable.currentTerm, granted: granted), to: candidate)
    }

    /// §5.4.1: the log with the later last term is more up-to-date; with equal last
    /// terms, the longer log is.
    static func isUpToDate(lastTerm: Int, lastIndex: Int, comparedTo ours: RaftDurableState) -> Bool {
        lastTerm != ours.lastTerm ? lastTerm > ours.lastTerm : lastIndex >= ours.lastIndex
    }

    mutating func handleVoteReply(_ reply: RaftMessage.VoteReply, from voter: NodeID, context: inout BehaviourContext) {
        observe(term: reply.term, from: voter, context: &context)
        guard role == .candidate, reply.term == durable.currentTerm, reply.granted else { return }
        votes.insert(voter)
        if votes.count >= majority(context) {
            context.note("\(context.me) has \(votes.count) of \(context.cluster.count) votes: leader for term \(durable.currentTerm)")
            becomeLeader(context: &context)
        }
    }

    /// A new leader initialises nextIndex and matchIndex, appends a no-op of its term
    /// (so that entries of earlier terms can commit with it), and asserts itself at once.
    mutating func becomeLeader(context: inout BehaviourContext) {
        role = .leader
        leader = context.me
        votes = []
        leaderSince = context.monotonicClock
        lastAcknowledged = [:]
        for peer in peers(context) {
            nextIndex[peer] = durable.lastIndex + 1
            matchIndex[peer] = 0
        }
        if options.noopOnElection {
            durable.log.append(RaftEntry(term: durable.currentTerm, command: .noop))
            persist(&context)
        }
        context.cancelTimer(Self.electionTimer)
        broadcastAppend(context: &context)
        context.setTimer(Self.heartbeatTimer, after: .microseconds(options.heartbeatInterval))
        advanceCommit(context: &context)  // a cluster of one commits alone
    }
}

extension RaftBehaviour {
    /// CheckQuorum: has a majority (this leader included) answered within the minimum
    /// election timeout? A new leader gets one timeout's grace.
    func hasQuorum(context: BehaviourContext) -> Bool {
        context.monotonicClock - leaderSince < options.electionTimeout.lowerBound
            || recentlyHeard(context) >= majority(context)
    }

    /// How many servers, this leader included, answered it within the minimum election
    /// timeout by its own monotonic clock (CheckQuorum and the lease both count this).
    func recentlyHeard(_ context: BehaviourContext) -> Int {
        let window = options.electionTimeout.lowerBound
        return 1 + lastAcknowledged.values.filter { context.monotonicClock - $0 < window }.count
    }

    mutating func stepDownForLackOfQuorum(context: inout BehaviourContext) {
        context.note("\(context.me) steps down: heard from only \(recentlyHeard(context)) of \(context.cluster.count) servers "
            + "in the last \(TimeFormat.duration(options.electionTimeout.lowerBound)) (CheckQuorum)")
        leader = nil
        becomeFollower(context: &context)
    }
}
