import SandboxCore

/// Raft (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
/// 2014), following Figure 2: randomized election timeouts, RequestVote with the
/// up-to-date check, AppendEntries with the consistency check, conflict truncation and
/// fast backup, heartbeats, stepping down on a higher term, the commit rule (a leader
/// counts replicas only for entries of its own term), a no-op on election, and a
/// key-value state machine fed by committed entries. `currentTerm`, `votedFor` and the
/// log are persisted before any message that depends on them is sent.
///
/// Every decision is explained in the trace with a note. The handlers live in
/// `Raft+Election.swift`, `Raft+Replication.swift` and `Raft+Clients.swift`.
public struct RaftBehaviour: Behaviour {
    /// Timing of one cluster.
    public struct Options: Sendable, Equatable {
        /// Election timeouts are drawn uniformly from this range (node-local µs).
        public var electionTimeout: ClosedRange<Int64> = 150_000...300_000
        /// How often a leader sends heartbeats (node-local µs).
        public var heartbeatInterval: Int64 = 50_000

        public init() {}
    }

    /// A server's role.
    public enum Role: String, Sendable {
        case follower, candidate, leader
    }

    public let options: Options
    public internal(set) var durable: RaftDurableState
    public internal(set) var role: Role = .follower
    /// The leader this server believes in, if any.
    public internal(set) var leader: NodeID?
    public internal(set) var commitIndex = 0
    public internal(set) var lastApplied = 0
    /// Votes received in the current election (candidates only).
    public internal(set) var votes: Set<NodeID> = []
    /// For each follower, the next index to send (leaders only).
    public internal(set) var nextIndex: [NodeID: Int] = [:]
    /// For each follower, the highest index known to be replicated (leaders only).
    public internal(set) var matchIndex: [NodeID: Int] = [:]
    /// The key-value state machine.
    public internal(set) var store: [String: String] = [:]
    /// Client requests waiting for their entry to be applied, by log index, with the
    /// term of the entry they appended (another term there means it was overwritten).
    var waiting: [Int: (term: Int, request: String)] = [:]

    static let electionTimer = "election"
    static let heartbeatTimer = "heartbeat"

    /// A server starting from `durable` (empty on first boot, what it persisted on restart).
    public init(options: Options = Options(), durable: RaftDurableState = RaftDurableState()) {
        self.options = options
        self.durable = durable
    }

    public var kind: String { "raft" }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .start:
            becomeFollower(context: &context)
        case .timer(let name) where name == Self.electionTimer:
            startElection(context: &context)
        case .timer(let name) where name == Self.heartbeatTimer:
            guard role == .leader else { return }
            broadcastAppend(context: &context)
            context.setTimer(Self.heartbeatTimer, after: .microseconds(options.heartbeatInterval))
        case .timer:
            break
        case .message(let sender, let payload):
            receive(payload, from: sender, context: &context)
        case .request(let request):
            handleClient(request, context: &context)
        }
    }

    private mutating func receive(_ payload: any Payload, from sender: NodeID, context: inout BehaviourContext) {
        switch payload {
        case let request as RaftMessage.VoteRequest: handleVoteRequest(request, context: &context)
        case let reply as RaftMessage.VoteReply: handleVoteReply(reply, from: sender, context: &context)
        case let append as RaftMessage.Append: handleAppend(append, context: &context)
        case let reply as RaftMessage.AppendReply: handleAppendReply(reply, from: sender, context: &context)
        default: break
        }
    }

    // MARK: - Shared helpers

    /// The other servers of the cluster.
    func peers(_ context: BehaviourContext) -> [NodeID] { context.members.filter { $0 != context.me } }

    /// More than half of the cluster.
    func majority(_ context: BehaviourContext) -> Int { context.members.count / 2 + 1 }

    /// Persists term, vote and log (Figure 2: before answering).
    func persist(_ context: inout BehaviourContext) { context.persist(durable) }

    /// Any RPC with a higher term makes this server a follower in that term (§5.1).
    mutating func observe(term: Int, from sender: NodeID, context: inout BehaviourContext) {
        guard term > durable.currentTerm else { return }
        context.note("\(context.me) sees term \(term) from \(sender) (ours is \(durable.currentTerm)): \(role == .follower ? "adopts it" : "steps down to follower")")
        durable.currentTerm = term
        durable.votedFor = nil
        persist(&context)
        if role != .follower { becomeFollower(context: &context) }
    }

    mutating func becomeFollower(context: inout BehaviourContext) {
        role = .follower
        votes = []
        nextIndex = [:]
        matchIndex = [:]
        context.cancelTimer(Self.heartbeatTimer)
        resetElectionTimer(context: &context)
    }

    mutating func resetElectionTimer(context: inout BehaviourContext) {
        let timeout = context.random.inRange(options.electionTimeout)
        context.setTimer(Self.electionTimer, after: .microseconds(timeout))
    }
}
