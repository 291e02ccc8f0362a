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
        propose(command, for: Waiter(term: durable.currentTerm, request: request.text, client: nil), context: &context)
    }

    /// A client's command over the network: followers redirect; the leader appends it and
    /// answers once applied. `get KEY lease` is answered at once from the leader's store
    /// while its lease holds (a majority answered within the minimum election timeout, by
    /// its own clock): fast, but stale if that clock runs slow and a new leader has
    /// already taken writes.
    mutating func handleNetworkClient(_ message: RaftClientMessage.Command, from client: NodeID, context: inout BehaviourContext) {
        let request = ClientRequest(operation: message.operation, arguments: message.arguments)
        guard role == .leader else {
            context.send(RaftClientMessage.Redirect(id: message.id, leader: leader), to: client)
            return
        }
        if message.operation == "get", message.arguments.count == 2, message.arguments[1] == "lease" {
            let key = message.arguments[0]
            if leaseHolds(context) {
                let value = store[key].map { "\(key) = \($0)" } ?? "\(key) is not set"
                context.note("\(context.me) answers get \(key) from its lease, without the log")
                context.send(RaftClientMessage.Result(id: message.id, text: value + " (lease read)"), to: client)
                return
            }
            context.note("\(context.me)'s lease has lapsed: get \(key) goes through the log")
            propose(.get(key: key), for: Waiter(term: durable.currentTerm, request: request.text, client: (client, message.id)),
                    context: &context)
            return
        }
        guard let command = Self.command(for: request) else {
            context.send(RaftClientMessage.Result(id: message.id, text: "not understood"), to: client)
            return
        }
        propose(command, for: Waiter(term: durable.currentTerm, request: request.text, client: (client, message.id)),
                context: &context)
    }

    /// The leader's lease: a majority (itself included) answered within the minimum
    /// election timeout, measured by this server's own monotonic clock.
    func leaseHolds(_ context: BehaviourContext) -> Bool {
        recentlyHeard(context) >= majority(context)
    }

    /// Appends `command` as leader and remembers who waits for it.
    mutating func propose(_ command: RaftCommand, for waiter: Waiter, context: inout BehaviourContext) {
        durable.log.append(RaftEntry(term: durable.currentTerm, command: command))
        persist(&context)
        waiting[durable.lastIndex] = waiter
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
