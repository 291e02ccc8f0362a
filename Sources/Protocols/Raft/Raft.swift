import ProtocolKit
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
    /// Deliberate departures from Raft, for showing what its rules prevent. The safety
    /// checker catches what they break.
    public enum UnsafeSwitch: String, Sendable, CaseIterable {
        /// A leader commits entries of earlier terms by counting replicas (Figure 8).
        case commitOldTerms = "commit-old-terms"
        /// Voters grant votes without the up-to-date check of §5.4.1.
        case noLogCheck = "no-log-check"
    }

    /// How one cluster behaves: timing, the PreVote and CheckQuorum extensions (Ongaro's
    /// thesis, §9.6), and unsafe teaching switches.
    public struct Options: Sendable, Equatable {
        /// Election timeouts are drawn uniformly from this range (node-local µs).
        public var electionTimeout: ClosedRange<Int64> = 150_000...300_000
        /// How often a leader sends heartbeats (node-local µs).
        public var heartbeatInterval: Int64 = 50_000
        /// Ask for pre-votes before starting an election, so a server that cannot win
        /// does not raise its term and disrupt the cluster.
        public var preVote = false
        /// A leader steps down when it has not heard from a majority for an election
        /// timeout, and followers that heard from a leader within the minimum election
        /// timeout ignore vote requests.
        public var checkQuorum = false
        /// Whether a new leader appends a no-op of its term at once (the paper's §8
        /// advice). Without it, Figure 8 can be replayed exactly.
        public var noopOnElection = true
        public var unsafe: Set<UnsafeSwitch> = []

        public init() {}

        /// The options `spawn N raft` accepts.
        static let declared: [SpawnOption] = [
            SpawnOption("prevote", summary: "ask for pre-votes before an election (thesis §9.6)"),
            SpawnOption("checkquorum", summary: "a leader that has not heard from a majority steps down"),
            SpawnOption("noop", .choice(["on", "off"]), summary: "whether a new leader appends a no-op entry (on)"),
            SpawnOption("election", .durationRange, summary: "the election timeout range", example: "150ms..300ms"),
            SpawnOption("heartbeat", .duration, summary: "the leader's heartbeat interval", example: "50ms"),
            SpawnOption("unsafe", .choice(UnsafeSwitch.allCases.map(\.rawValue)), summary: "break a safety rule on purpose"),
        ]

        /// Options as written after `spawn N raft`, each already checked against ``declared``.
        public init(_ options: SpawnOptions) throws(BehaviourOptionError) {
            self.init()
            for option in options.given {
                switch (option.word, option.value) {
                case ("prevote", _): preVote = true
                case ("checkquorum", _): checkQuorum = true
                case ("noop", .choice(let setting)): noopOnElection = setting == "on"
                case ("election", .durationRange(let range)):
                    electionTimeout = range.lowerBound.microseconds...range.upperBound.microseconds
                case ("heartbeat", .duration(let interval)): heartbeatInterval = interval.microseconds
                case ("unsafe", .choice(let name)):
                    if let unsafeSwitch = UnsafeSwitch(rawValue: name) { unsafe.insert(unsafeSwitch) }
                default:
                    throw BehaviourOptionError(option: option.text, message: "raft does not understand this option")
                }
            }
            guard heartbeatInterval < electionTimeout.lowerBound else {
                throw BehaviourOptionError(option: options.given.last?.text ?? "",
                                           message: "the heartbeat must be shorter than the election timeout")
            }
        }
    }

    /// A server's role.
    public enum Role: String, Sendable, CaseIterable {
        case follower
        /// Asking for pre-votes (PreVote only): still a follower in every other respect.
        case precandidate
        case candidate, leader
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
    /// Pre-votes received (pre-candidates only).
    public internal(set) var preVotes: Set<NodeID> = []
    /// When (monotonic clock) this server last heard from a leader of its current term.
    var lastLeaderContact: Int64?
    /// When (monotonic clock) each follower last answered this leader.
    var lastAcknowledged: [NodeID: Int64] = [:]
    /// When (monotonic clock) this server became leader.
    var leaderSince: Int64 = 0
    /// Client requests waiting for their entry to be applied, by log index, with the
    /// term of the entry they appended (another term there means it was overwritten).
    var waiting: [Int: Waiter] = [:]

    /// A client waiting for its entry: at this server (`ask`), or over the network.
    struct Waiter: Sendable {
        let term: Int
        let request: String
        let client: (node: NodeID, id: Int)?
    }

    static let electionTimer = "election"
    static let heartbeatTimer = "heartbeat"

    /// A server starting from `durable` (empty on first boot, what it persisted on restart).
    public init(options: Options = Options(), durable: RaftDurableState = RaftDurableState()) {
        self.options = options
        self.durable = durable
    }

    /// The spawn name and node kind.
    public static let name = "raft"

    public var kind: String { Self.name }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .start:
            becomeFollower(context: &context)
        case .timer(let name) where name == Self.electionTimer:
            electionTimeout(context: &context)
        case .timer(let name) where name == Self.heartbeatTimer:
            guard role == .leader else { return }
            if options.checkQuorum, !hasQuorum(context: context) { return stepDownForLackOfQuorum(context: &context) }
            broadcastAppend(context: &context)
            context.setTimer(Self.heartbeatTimer, after: .microseconds(options.heartbeatInterval))
        case .timer:
            break
        case .message(let sender, let payload):
            receive(payload, from: sender, context: &context)
        case .request(let request):
            handleClient(request, context: &context)
        case .setUp(let request):
            setUp(request, context: &context)
        }
    }

    public func refusal(of input: BehaviourInput) -> String? {
        switch input {
        case .request(let request):
            Self.clientCommand(for: request) == nil ? Self.requestUsage : nil
        case .setUp(let request): setUpRefusal(request)
        case .timer(let name):
            [Self.electionTimer, Self.heartbeatTimer].contains(name) ? nil : "raft has timers election and heartbeat, not '\(name)'"
        case .start, .message: nil
        }
    }

    /// Why `raft log` or `raft term` cannot be done as written, or nil.
    private func setUpRefusal(_ request: ClientRequest) -> String? {
        switch request.operation {
        case "log":
            let terms = request.arguments.compactMap { Int($0) }
            guard !terms.isEmpty else { return "raft log takes at least one term, e.g. raft log n3 1 1 4 4 5" }
            guard terms.count == request.arguments.count, terms.allSatisfy({ $0 > 0 }),
                  zip(terms, terms.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                return "raft log takes terms of at least 1 that never decrease, e.g. raft log n3 1 1 4 4 5"
            }
            return nil
        case "term":
            guard request.arguments.count == 1, let term = Int(request.arguments[0]) else { return "raft term takes one term" }
            return term < durable.lastTerm ? "the term cannot be below the term of the last log entry (\(durable.lastTerm))" : nil
        default:
            return "raft set-up: log TERM..., term N"
        }
    }

    /// Exercise set-up: `log TERM...` replaces the log with entries of those terms;
    /// `term N` sets the current term (and forgets the vote). Both are persisted.
    ///
    /// The simulation refuses a set-up that ``setUpRefusal(_:)`` objects to before it gets
    /// here; called directly (in a test), such a set-up is answered with the reason.
    private mutating func setUp(_ request: ClientRequest, context: inout BehaviourContext) {
        if let reason = setUpRefusal(request) { return context.reply(reason) }
        switch request.operation {
        case "log":
            let terms = request.arguments.compactMap { Int($0) }
            durable.log = RaftLog(terms.map { RaftEntry(term: $0, command: .setUp) })
            durable.currentTerm = max(durable.currentTerm, terms.last ?? 0)
            commitIndex = min(commitIndex, durable.lastIndex)
            lastApplied = min(lastApplied, durable.lastIndex)
            persist(&context)
            context.reply("log set: " + terms.map(String.init).joined(separator: " ") + " (term \(durable.currentTerm))")
        default:  // `term N`, its one word checked by setUpRefusal
            let term = request.arguments.first.flatMap { Int($0) } ?? durable.currentTerm
            durable.currentTerm = term
            durable.votedFor = nil
            persist(&context)
            if role != .follower { becomeFollower(context: &context) }
            context.reply("term set to \(term)")
        }
    }

    private mutating func receive(_ payload: any Payload, from sender: NodeID, context: inout BehaviourContext) {
        switch payload {
        case let request as RaftMessage.VoteRequest: handleVoteRequest(request, context: &context)
        case let request as RaftMessage.PreVoteRequest: handlePreVoteRequest(request, context: &context)
        case let reply as RaftMessage.PreVoteReply: handlePreVoteReply(reply, from: sender, context: &context)
        case let reply as RaftMessage.VoteReply: handleVoteReply(reply, from: sender, context: &context)
        case let append as RaftMessage.Append: handleAppend(append, context: &context)
        case let reply as RaftMessage.AppendReply: handleAppendReply(reply, from: sender, context: &context)
        case let command as RaftClientMessage.Command: handleNetworkClient(command, from: sender, context: &context)
        default: break
        }
    }

    // MARK: - Shared helpers

    /// The other servers of the cluster.
    func peers(_ context: BehaviourContext) -> [NodeID] { context.cluster.filter { $0 != context.me } }

    /// More than half of the cluster.
    func majority(_ context: BehaviourContext) -> Int { Quorum.majority.size(of: context.cluster.count) }

    /// Persists term, vote and log (Figure 2: before answering).
    func persist(_ context: inout BehaviourContext) { context.persist(durable) }

    /// Any RPC with a higher term makes this server a follower in that term (§5.1).
    mutating func observe(term: Int, from sender: NodeID, context: inout BehaviourContext) {
        guard term > durable.currentTerm else { return }
        context.note("\(context.me) sees term \(term) from \(sender) (ours is \(durable.currentTerm)): \(role == .follower ? "adopts it" : "steps down to follower")")
        durable.currentTerm = term
        durable.votedFor = nil
        leader = nil  // whoever led the old term is no longer known to lead
        persist(&context)
        if role != .follower { becomeFollower(context: &context) }
    }

    mutating func becomeFollower(context: inout BehaviourContext) {
        role = .follower
        votes = []
        preVotes = []
        lastAcknowledged = [:]
        nextIndex = [:]
        matchIndex = [:]
        context.cancelTimer(Self.heartbeatTimer)
        resetElectionTimer(context: &context)
    }

    /// True when this server heard from a current leader within the minimum election
    /// timeout (a leader counts itself).
    func heardFromLeaderRecently(_ context: BehaviourContext) -> Bool {
        if role == .leader { return true }
        guard let last = lastLeaderContact else { return false }
        return context.monotonicClock - last < options.electionTimeout.lowerBound
    }

    mutating func resetElectionTimer(context: inout BehaviourContext) {
        let timeout = context.random.inRange(options.electionTimeout)
        context.setTimer(Self.electionTimer, after: .microseconds(timeout))
    }
}
