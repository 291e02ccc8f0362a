import SandboxCore

/// How long a message takes on a link.
public enum LatencyModel: Sendable, Equatable, CustomStringConvertible {
    /// Always the same delay.
    case fixed(SimDuration)
    /// Uniform over a closed range; the spread (jitter) reorders messages.
    case uniform(SimDuration, SimDuration)
    /// Pareto with scale `minimum` and shape `alpha`: usually near the minimum, now and
    /// then far slower (the long tail that makes "slow" look like "dead"). Samples are
    /// capped at 1000 × minimum.
    case pareto(minimum: SimDuration, alpha: Double)

    /// Draws one delay.
    public func sample(using random: inout SeededRandom) -> SimDuration {
        switch self {
        case .fixed(let delay):
            return delay
        case .uniform(let low, let high):
            return .microseconds(random.inRange(low.microseconds...high.microseconds))
        case .pareto(let minimum, let alpha):
            // Inverse transform: x = min · U^(−1/α), computed with DeterministicMath.
            let exponent = -DeterministicMath.log(random.unitOpen()) / alpha
            let factor = exponent >= DeterministicMath.log(1000) ? 1000 : DeterministicMath.exp(exponent)
            return .microseconds(Int64((Double(minimum.microseconds) * factor).rounded(.down)))
        }
    }

    public var description: String {
        switch self {
        case .fixed(let delay): "\(delay)"
        case .uniform(let low, let high): "\(low)..\(high)"
        case .pareto(let minimum, let alpha): "pareto \(minimum) \(Self.format(alpha))"
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A probability in parts per million, written as a percentage with up to four decimals.
public struct Probability: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let partsPerMillion: Int
    public init(partsPerMillion: Int) { self.partsPerMillion = min(max(partsPerMillion, 0), 1_000_000) }
    public static let zero = Probability(partsPerMillion: 0)
    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.partsPerMillion < rhs.partsPerMillion }

    /// `10%`, `2.5%`, `0.01%`.
    public var description: String {
        let whole = partsPerMillion / 10_000
        var fraction = String(partsPerMillion % 10_000)
        guard fraction != "0" else { return "\(whole)%" }
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)%"
    }
}
