import SandboxCore

extension RaftBehaviour {
    /// A client's request at this server: a follower redirects to the leader it knows; the
    /// leader appends the command and answers once it is committed and applied. Reads go
    /// through the log too, so they are linearizable.
    mutating func handleClient(_ request: ClientRequest, context: inout BehaviourContext) {
        guard let command = Self.command(for: request) else {
            context.reply("raft understands: put KEY VALUE, get KEY, delete KEY, cas KEY EXPECTED VALUE")
            return
        }
        guard role == .leader else {
            context.reply(leader.map { "not the leader: try \($0)" } ?? "not the leader, and no leader is known yet")
            return
        }
        durable.log.append(RaftEntry(term: durable.currentTerm, command: command))
        persist(&context)
        waiting[durable.lastIndex] = (durable.currentTerm, request.text)
        broadcastAppend(context: &context)
        advanceCommit(context: &context)  // a cluster of one commits alone
    }

    static func command(for request: ClientRequest) -> RaftCommand? {
        let words = request.arguments
        switch (request.operation, words.count) {
        case ("put", 2): return .put(key: words[0], value: words[1])
        case ("get", 1): return .get(key: words[0])
        case ("delete", 1): return .delete(key: words[0])
        case ("cas", 3): return .cas(key: words[0], expected: words[1], value: words[2])
        default: return nil
        }
    }
}
