/// The identity of one simulated node, written `n1`, `n2`, … in commands and output.
///
/// Ids are small positive integers so that the simulator can index its node table
/// directly; ``maximumRawValue`` bounds them.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number after the `n`.
    public let rawValue: Int

    /// The largest id a session may use; keeps the dense node table bounded.
    public static let maximumRawValue = 100_000

    public init(_ rawValue: Int) {
        precondition(rawValue > 0 && rawValue <= Self.maximumRawValue, "node id out of range")
        self.rawValue = rawValue
    }

    /// Parses `n12`; returns nil for anything else, including ids out of range.
    public init?(parsing text: some StringProtocol) {
        let digits = text.dropFirst()
        guard text.first == "n" || text.first == "N", !digits.isEmpty, digits.count <= 9, digits.first != "0",
              digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), value > 0, value <= Self.maximumRawValue
        else { return nil }
        self.rawValue = value
    }

    public var description: String { "n\(rawValue)" }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The identity of one trace event, written `e1`, `e2`, … in commands and output.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number after the `e`; the first event of a session is 1.
    public let rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }

    /// Parses `e7`; returns nil for anything else.
    public init?(parsing text: some StringProtocol) {
        let digits = text.dropFirst()
        guard text.first == "e" || text.first == "E", !digits.isEmpty, digits.count <= 18, digits.first != "0",
              digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), value > 0
        else { return nil }
        self.rawValue = value
    }

    public var description: String { "e\(rawValue)" }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }
}
