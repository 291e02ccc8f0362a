import SandboxCore

extension RaftBehaviour {
    /// Sends each follower the entries from its nextIndex on (a heartbeat if none).
    mutating func broadcastAppend(context: inout BehaviourContext) {
        for peer in peers(context) { sendAppend(to: peer, context: &context) }
    }

    func sendAppend(to peer: NodeID, context: inout BehaviourContext) {
        let next = nextIndex[peer] ?? durable.lastIndex + 1
        let previous = next - 1
        let entries = Array(durable.log[min(previous, durable.log.count)...])
        context.send(RaftMessage.Append(term: durable.currentTerm, leader: context.me, prevLogIndex: previous,
                                        prevLogTerm: durable.term(at: previous) ?? 0, entries: entries,
                                        leaderCommit: commitIndex), to: peer)
    }

    /// AppendEntries receiver (Figure 2).
    mutating func handleAppend(_ append: RaftMessage.Append, context: inout BehaviourContext) {
        observe(term: append.term, from: append.leader, context: &context)
        let term = durable.currentTerm
        guard append.term == term else {
            context.note("\(context.me) rejects append from \(append.leader): its term \(append.term) is older than \(term)")
            context.send(RaftMessage.AppendReply(term: term, success: false, matchIndex: 0,
                                                 conflictIndex: durable.lastIndex + 1, conflictTerm: nil), to: append.leader)
            return
        }
        if role != .follower {
            context.note("\(context.me) steps down: \(append.leader) is leader for term \(term)")
            becomeFollower(context: &context)
        } else {
            resetElectionTimer(context: &context)
        }
        leader = append.leader
        lastLeaderContact = context.monotonicClock
        // Consistency check: our log must hold prevLogIndex with prevLogTerm.
        guard let ourTerm = durable.term(at: append.prevLogIndex) else {
            context.note("\(context.me) rejects append: no entry at index \(append.prevLogIndex) (log ends at \(durable.lastIndex))")
            context.send(RaftMessage.AppendReply(term: term, success: false, matchIndex: 0,
                                                 conflictIndex: durable.lastIndex + 1, conflictTerm: nil), to: append.leader)
            return
        }
        guard ourTerm == append.prevLogTerm else {
            let firstOfTerm = (durable.log.firstIndex { $0.term == ourTerm } ?? 0) + 1
            context.note("\(context.me) rejects append: entry \(append.prevLogIndex) has term \(ourTerm), leader expects \(append.prevLogTerm)")
            context.send(RaftMessage.AppendReply(term: term, success: false, matchIndex: 0,
                                                 conflictIndex: firstOfTerm, conflictTerm: ourTerm), to: append.leader)
            return
        }
        // Append what is new; an existing entry that conflicts (same index, other term)
        // is deleted with everything after it.
        var changed = false
        for (offset, entry) in append.entries.enumerated() {
            let index = append.prevLogIndex + 1 + offset
            if let existing = durable.term(at: index) {
                if existing == entry.term { continue }
                context.note("\(context.me) truncates log from index \(index): term \(existing) conflicts with leader's term \(entry.term)")
                durable.log.removeSubrange((index - 1)...)
                failWaiting(from: index, context: &context)
            }
            durable.log.append(entry)
            changed = true
        }
        if changed { persist(&context) }
        let lastNew = append.prevLogIndex + append.entries.count
        // A delayed or reordered append may know less than we do: commitIndex only grows.
        if append.leaderCommit > commitIndex, min(append.leaderCommit, lastNew) > commitIndex {
            commitIndex = min(append.leaderCommit, lastNew)
            apply(context: &context)
        }
        context.send(RaftMessage.AppendReply(term: term, success: true, matchIndex: lastNew, conflictIndex: 0, conflictTerm: nil,
                                             toHeartbeat: append.entries.isEmpty), to: append.leader)
    }

    mutating func handleAppendReply(_ reply: RaftMessage.AppendReply, from peer: NodeID, context: inout BehaviourContext) {
        observe(term: reply.term, from: peer, context: &context)
        guard role == .leader, reply.term == durable.currentTerm else { return }
        lastAcknowledged[peer] = context.monotonicClock
        if reply.success {
            matchIndex[peer] = max(matchIndex[peer] ?? 0, reply.matchIndex)
            nextIndex[peer] = max(nextIndex[peer] ?? 1, reply.matchIndex + 1)
            advanceCommit(context: &context)
            return
        }
        // Fast backup: skip the follower's whole conflicting term at once.
        var next = reply.conflictIndex
        if let conflictTerm = reply.conflictTerm, let last = durable.log.lastIndex(where: { $0.term == conflictTerm }) {
            next = last + 2  // just past our last entry of that term
        }
        nextIndex[peer] = max(1, min(next, durable.lastIndex + 1))
        sendAppend(to: peer, context: &context)
    }

    /// The commit rule (§5.3, §5.4.2): the highest N replicated on a majority whose entry
    /// is of the current term; entries before it commit with it.
    mutating func advanceCommit(context: inout BehaviourContext) {
        guard role == .leader else { return }
        var candidate = durable.lastIndex
        while candidate > commitIndex {
            let replicas = 1 + matchIndex.values.filter { $0 >= candidate }.count
            let ownTerm = durable.term(at: candidate) == durable.currentTerm
            if ownTerm || options.unsafe.contains(.commitOldTerms), replicas >= majority(context) {
                let how = ownTerm ? "" : ", counting replicas of a term-\(durable.term(at: candidate)!) entry: unsafe"
                context.note("\(context.me) commits up to index \(candidate) (on \(replicas) of \(context.cluster.count) servers\(how))")
                commitIndex = candidate
                apply(context: &context)
                // Followers learn the new commit index at once.
                broadcastAppend(context: &context)
                return
            }
            candidate -= 1
        }
    }

    /// Applies committed entries to the key-value store, in order, answering waiting clients.
    mutating func apply(context: inout BehaviourContext) {
        while lastApplied < commitIndex {
            lastApplied += 1
            let entry = durable.log[lastApplied - 1]
            let result = execute(entry.command)
            if let waiter = waiting.removeValue(forKey: lastApplied) {
                answer(waiter, waiter.term == entry.term
                    ? "\(result) (index \(lastApplied), term \(entry.term))"
                    : "lost, index \(lastApplied) holds another leader's entry (term \(entry.term)); try again", context: &context)
            }
        }
    }

    /// Requests whose entries were just truncated will never be applied: say so.
    mutating func failWaiting(from index: Int, context: inout BehaviourContext) {
        for waitingIndex in waiting.keys.sorted() where waitingIndex >= index {
            let waiter = waiting.removeValue(forKey: waitingIndex)!
            answer(waiter, "lost, entry \(waitingIndex) was overwritten by the leader of a later term; try again", context: &context)
        }
    }

    /// Tells a waiting client how its command ended: a reply here, or a message to a
    /// client endpoint (which may have given up on this server already).
    func answer(_ waiter: Waiter, _ text: String, context: inout BehaviourContext) {
        if let client = waiter.client {
            context.send(RaftClientMessage.Result(id: client.id, text: text), to: client.node)
        } else {
            context.reply("\(waiter.request): \(text)")
        }
    }

    private mutating func execute(_ command: RaftCommand) -> String {
        switch command {
        case .noop, .setUp:
            return "ok"
        case .put(let key, let value):
            store[key] = value
            return "ok"
        case .delete(let key):
            return store.removeValue(forKey: key) == nil ? "not found" : "ok"
        case .cas(let key, let expected, let value):
            guard store[key] == expected else { return "failed: \(key) is \(store[key] ?? "unset")" }
            store[key] = value
            return "ok"
        case .get(let key):
            return store[key].map { "\(key) = \($0)" } ?? "\(key) is not set"
        }
    }
}
