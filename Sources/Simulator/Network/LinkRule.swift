import SandboxCore

/// The behaviour of one direction of one link: latency, loss and duplication.
public struct LinkRule: Sendable, Equatable {
    public var latency: LatencyModel
    public var loss: Probability
    public var duplication: Probability

    public init(latency: LatencyModel, loss: Probability = .zero, duplication: Probability = .zero) {
        self.latency = latency
        self.loss = loss
        self.duplication = duplication
    }

    /// The network a session starts with: 1ms fixed, no loss, no duplication.
    public static let standard = LinkRule(latency: .fixed(.milliseconds(1)))
}

/// A per-link override: each field set here replaces the network-wide setting.
public struct LinkOverride: Sendable, Equatable {
    public var latency: LatencyModel?
    public var loss: Probability?
    public var duplication: Probability?

    public init(latency: LatencyModel? = nil, loss: Probability? = nil, duplication: Probability? = nil) {
        self.latency = latency
        self.loss = loss
        self.duplication = duplication
    }

    func applied(to base: LinkRule) -> LinkRule {
        LinkRule(latency: latency ?? base.latency, loss: loss ?? base.loss,
                 duplication: duplication ?? base.duplication)
    }

    /// Merges `other` on top of this override.
    mutating func update(with other: LinkOverride) {
        if let value = other.latency { latency = value }
        if let value = other.loss { loss = value }
        if let value = other.duplication { duplication = value }
    }
}

/// One direction of a link: messages from `from` to `to`.
public struct DirectedLink: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let from: NodeID
    public let to: NodeID
    public init(_ from: NodeID, _ to: NodeID) { self.from = from; self.to = to }
    public static func < (lhs: DirectedLink, rhs: DirectedLink) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }
    public var description: String { "\(from) -> \(to)" }
}
