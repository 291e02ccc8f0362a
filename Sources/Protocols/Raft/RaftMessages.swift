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
        /// True when it answers a heartbeat (an append with no entries); a successful one
        /// then reads `heartbeat ok`, so `hide heartbeat` hides both directions.
        public var toHeartbeat = false
        public var label: String {
            success ? "\(toHeartbeat ? "heartbeat" : "append") ok t\(term) up to \(matchIndex)" : "append no t\(term) from \(conflictIndex)"
        }
    }
}

extension RaftMessage {
    /// How the trace abbreviates Raft's messages, one line each, for `help raft` and the
    /// README (Figure 2 of the Raft paper names the fields).
    public static let legend: [String] = [
        "vote? t5 last 3@t4         RequestVote: a candidate for term 5 whose log ends at index 3, term 4",
        "vote yes t5, vote no t5    RequestVote reply: vote granted or refused, in the voter's term 5",
        "prevote? t5 last 3@t4      PreVote: would you vote for me in term 5? (changes nothing)",
        "prevote yes/no t5          PreVote reply",
        "append t2 [4..6] c3        AppendEntries in term 2 carrying entries 4 to 6; the leader has committed up to 3",
        "heartbeat t2 c3            AppendEntries with no entries (leader of term 2, committed up to 3)",
        "append ok t2 up to 6       AppendEntries reply: the follower's log matches the leader's up to index 6",
        "heartbeat ok t2 up to 6    the same, answering a heartbeat (hide heartbeat hides both)",
        "append no t2 from 4        AppendEntries reply: no match; the follower hints index 4 (where its conflicting term starts, or past its last entry) and the leader backs up there",
        "#7 put x 1                 a client's command number 7 (clients retry with the same number)",
        "#7 redirect to n3          not the leader: try n3",
        "#7 ok (index 4, term 2)    the command was committed at index 4 in term 2 and applied",
    ]
}

