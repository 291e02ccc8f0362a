import SandboxCore

/// What a Raft log entry asks the key-value state machine to do.
public enum RaftCommand: Sendable, Equatable, CustomStringConvertible {
    /// The entry a new leader appends in its term, so that earlier entries can commit.
    case noop
    case put(key: String, value: String)
    case delete(key: String)
    /// Compare-and-set: set `key` to `value` only if it holds `expected`.
    case cas(key: String, expected: String, value: String)
    /// A read that goes through the log, so it is linearizable.
    case get(key: String)
    /// An entry written by `raft log` to set up an exercise; it changes nothing when applied.
    case setUp

    public var description: String {
        switch self {
        case .noop: "no-op"
        case .put(let key, let value): "put \(key)=\(value)"
        case .delete(let key): "delete \(key)"
        case .cas(let key, let expected, let value): "cas \(key) \(expected)->\(value)"
        case .get(let key): "get \(key)"
        case .setUp: "(set up)"
        }
    }
}

/// One entry of a Raft log: the term it was created in and its command.
public struct RaftEntry: Sendable, Equatable {
    public let term: Int
    public let command: RaftCommand

    public init(term: Int, command: RaftCommand) {
        self.term = term
        self.command = command
    }
}

/// The state Raft keeps on stable storage (Figure 2, "Persistent state on all servers"),
/// updated before the server answers any request.
public struct RaftDurableState: Sendable, Equatable {
    public var currentTerm = 0
    public var votedFor: NodeID?
    /// The log; index 1 is `log[0]`.
    public var log = RaftLog()

    public init(currentTerm: Int = 0, votedFor: NodeID? = nil, log: [RaftEntry] = []) {
        self.currentTerm = currentTerm
        self.votedFor = votedFor
        self.log = RaftLog(log)
    }

    public var lastIndex: Int { log.count }
    public var lastTerm: Int { log.last?.term ?? 0 }

    /// The term of the entry at `index` (0 for index 0, nil beyond the end).
    public func term(at index: Int) -> Int? {
        index == 0 ? 0 : (index >= 1 && index <= log.count ? log[index - 1].term : nil)
    }
}
