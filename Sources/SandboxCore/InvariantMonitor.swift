/// Watches the state of behaviours after every event and reports invariants that no
/// longer hold (Raft's safety properties, say). Monitors are values fed by the
/// simulator; they see copies of behaviours and never change them.
public protocol InvariantMonitor: Sendable {
    /// Looks at `node`'s behaviour (a copy; nil while the node is crashed) right after
    /// `event`, and returns any invariant it finds broken there.
    mutating func observe(_ behaviour: (any Behaviour)?, of node: NodeID, after event: EventID) -> [InvariantViolation]

    /// What was checked and how it stands, for the `check` command.
    func summary() -> String
}

/// One broken invariant: which, why, and the events that show it.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
    public let invariant: String
    public let detail: String
    public let events: [EventID]

    public init(invariant: String, detail: String, events: [EventID]) {
        self.invariant = invariant
        self.detail = detail
        self.events = events
    }

    public var description: String {
        "\(invariant) violated: \(detail) (see " + events.map(\.description).joined(separator: ", ") + ")"
    }
}
