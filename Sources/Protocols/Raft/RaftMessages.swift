import SandboxCore

/// The messages of Raft (Figure 2), with the fast log backup of §5.3: a follower that
/// rejects AppendEntries says which term conflicts and where that term starts.
public enum RaftMessage {
    /// RequestVote RPC.
    public struct VoteRequest: Payload, Equatable {
        public let term: Int
        public let candidate: NodeID
        public let lastLogIndex: Int
        public let lastLogTerm: Int
        public var label: String { "vote? t\(term) last \(lastLogIndex)@t\(lastLogTerm)" }
    }

    /// PreVote request (thesis §9.6): "would you vote for me in `term`?", changing nothing.
    public struct PreVoteRequest: Payload, Equatable {
        public let term: Int
        public let candidate: NodeID
        public let lastLogIndex: Int
        public let lastLogTerm: Int
        public var label: String { "prevote? t\(term) last \(lastLogIndex)@t\(lastLogTerm)" }
    }

    /// PreVote reply; `voterTerm` lets a candidate behind the times catch up.
    public struct PreVoteReply: Payload, Equatable {
        public let term: Int
        public let granted: Bool
        public let voterTerm: Int
        public var label: String { granted ? "prevote yes t\(term)" : "prevote no t\(term)" }
    }

    /// RequestVote reply.
    public struct VoteReply: Payload, Equatable {
        public let term: Int
        public let granted: Bool
        public var label: String { granted ? "vote yes t\(term)" : "vote no t\(term)" }
    }

    /// AppendEntries RPC (a heartbeat when `entries` is empty).
    public struct Append: Payload, Equatable {
        public let term: Int
        public let leader: NodeID
        public let prevLogIndex: Int
        public let prevLogTerm: Int
        public let entries: [RaftEntry]
        public let leaderCommit: Int
        public var label: String {
            entries.isEmpty
                ? "heartbeat t\(term) c\(leaderCommit)"
                : "append t\(term) [\(prevLogIndex + 1)..\(prevLogIndex + entries.count)] c\(leaderCommit)"
        }
    }

    /// AppendEntries reply. On success `matchIndex` is the last index known to match;
    /// on failure `conflictIndex`/`conflictTerm` tell the leader where to retry.
    public struct AppendReply: Payload, Equatable {
        public let term: Int
        public let success: Bool
        public let matchIndex: Int
        public let conflictIndex: Int
        public let conflictTerm: Int?
        public var label: String { success ? "append ok t\(term) up to \(matchIndex)" : "append no t\(term) from \(conflictIndex)" }
    }
}
