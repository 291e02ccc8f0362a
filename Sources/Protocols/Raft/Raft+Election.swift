import SandboxCore

extension RaftBehaviour {
    /// Election timeout: become a candidate in a new term and ask everyone for votes.
    mutating func startElection(context: inout BehaviourContext) {
        guard role != .leader else { return }
        durable.currentTerm += 1
        durable.votedFor = context.me
        persist(&context)
        role = .candidate
        leader = nil
        votes = [context.me]
        context.note("\(context.me) times out and starts an election for term \(durable.currentTerm)")
        resetElectionTimer(context: &context)
        if votes.count >= majority(context) {
            becomeLeader(context: &context)
            return
        }
        let request = RaftMessage.VoteRequest(term: durable.currentTerm, candidate: context.me,
                                              lastLogIndex: durable.lastIndex, lastLogTerm: durable.lastTerm)
        for peer in peers(context) { context.send(request, to: peer) }
    }

    /// RequestVote receiver (Figure 2): grant at most one vote per term, and only to a
    /// candidate whose log is at least as up-to-date as ours (§5.4.1).
    mutating func handleVoteRequest(_ request: RaftMessage.VoteRequest, context: inout BehaviourContext) {
        observe(term: request.term, from: request.candidate, context: &context)
        let candidate = request.candidate
        var granted = false
        if request.term < durable.currentTerm {
            context.note("\(context.me) rejects vote for \(candidate) (term \(request.term)): our term \(durable.currentTerm) is newer")
        } else if let voted = durable.votedFor, voted != candidate {
            context.note("\(context.me) rejects vote for \(candidate) (term \(request.term)): already voted for \(voted)")
        } else if !Self.isUpToDate(lastTerm: request.lastLogTerm, lastIndex: request.lastLogIndex,
                                    comparedTo: durable) {
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
            context.note("\(context.me) has \(votes.count) of \(context.members.count) votes: leader for term \(durable.currentTerm)")
            becomeLeader(context: &context)
        }
    }

    /// A new leader initialises nextIndex and matchIndex, appends a no-op of its term
    /// (so that entries of earlier terms can commit with it), and asserts itself at once.
    mutating func becomeLeader(context: inout BehaviourContext) {
        role = .leader
        leader = context.me
        votes = []
        for peer in peers(context) {
            nextIndex[peer] = durable.lastIndex + 1
            matchIndex[peer] = 0
        }
        durable.log.append(RaftEntry(term: durable.currentTerm, command: .noop))
        persist(&context)
        context.cancelTimer(Self.electionTimer)
        broadcastAppend(context: &context)
        context.setTimer(Self.heartbeatTimer, after: .microseconds(options.heartbeatInterval))
        advanceCommit(context: &context)  // a cluster of one commits alone
    }
}
