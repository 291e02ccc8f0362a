import SandboxCore

extension RaftBehaviour {
    /// A client's request at this server: a follower redirects to the leader it knows; the
    /// leader appends the command and answers once it is committed and applied. Reads go
    /// through the log too, so they are linearizable.
    mutating func handleClient(_ request: ClientRequest, context: inout BehaviourContext) {
        guard let command = Self.clientCommand(for: request) else {
            context.reply(Self.requestUsage)
            return
        }
        guard role == .leader else {
            context.reply(leader.map { "not the leader: try \($0)" } ?? "not the leader, and no leader is known yet")
            return
        }
        if let key = Self.leaseReadKey(request), let answer = leaseRead(key, context: &context) { return context.reply(answer) }
        propose(command, for: Waiter(term: durable.currentTerm, request: request.text, client: nil), context: &context)
    }

    /// What a client may ask a Raft server.
    static let requestUsage = "raft understands put KEY VALUE, get KEY, get KEY lease, delete KEY, cas KEY EXPECTED VALUE"

    /// The command a client's request stands for (a lease read, when its lease has
    /// lapsed, is an ordinary `get` through the log), or nil when Raft does not take it.
    static func clientCommand(for request: ClientRequest) -> RaftCommand? {
        command(for: request) ?? leaseReadKey(request).map { .get(key: $0) }
    }

    /// The key of a lease read (`get KEY lease`), or nil for any other request.
    static func leaseReadKey(_ request: ClientRequest) -> String? {
        request.operation == "get" && request.arguments.count == 2 && request.arguments[1] == "lease" ? request.arguments[0] : nil
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
        if let key = Self.leaseReadKey(request), let answer = leaseRead(key, context: &context) {
            return context.send(RaftClientMessage.Result(id: message.id, text: answer), to: client)
        }
        guard let command = Self.clientCommand(for: request) else {
            context.send(RaftClientMessage.Result(id: message.id, text: "not understood"), to: client)
            return
        }
        propose(command, for: Waiter(term: durable.currentTerm, request: request.text, client: (client, message.id)),
                context: &context)
    }

    /// A lease read at the leader: the answer from its store while the lease holds, or nil
    /// (and a note) when it has lapsed and the read must go through the log.
    func leaseRead(_ key: String, context: inout BehaviourContext) -> String? {
        guard leaseHolds(context) else {
            context.note("\(context.me)'s lease has lapsed: get \(key) goes through the log")
            return nil
        }
        context.note("\(context.me) answers get \(key) from its lease, without the log")
        return (store[key].map { "\(key) = \($0)" } ?? "\(key) is not set") + " (lease read)"
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
