/// How many members of a group a decision needs, as the protocols count it: Raft and
/// Paxos a majority, two-phase commit all participants, Byzantine agreement 2f+1 of
/// 3f+1. One place for the arithmetic, tested once.
public enum Quorum: Sendable, Equatable, CaseIterable {
    /// More than half: any two majorities share a member.
    case majority
    /// Every member.
    case all
    /// Enough that any two quorums share f+1 members, so at least one correct one, with
    /// up to f = ⌊(n-1)/3⌋ of n members Byzantine: ⌈(n+f+1)/2⌉, which is 2f+1 when
    /// n = 3f+1 (Castro and Liskov, PBFT).
    case byzantine

    /// The number of members out of `members` that make a quorum (at least 1).
    public func size(of members: Int) -> Int {
        let n = max(members, 0)
        switch self {
        case .majority: return n / 2 + 1
        case .all: return max(n, 1)
        case .byzantine:
            let faults = Self.byzantineFaultsTolerated(by: n)
            return max((n + faults + 2) / 2, 1)
        }
    }

    /// True when `count` members out of `members` make a quorum.
    public func isReached(by count: Int, of members: Int) -> Bool { count >= size(of: members) }

    /// The most Byzantine members n members can tolerate: ⌊(n-1)/3⌋ (n ≥ 3f+1).
    public static func byzantineFaultsTolerated(by members: Int) -> Int { max(members - 1, 0) / 3 }
}
