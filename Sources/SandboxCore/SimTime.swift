/// A length of virtual time, in whole microseconds (may be negative, e.g. a clock step).
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = SimDuration(microseconds: 0)
    public static func microseconds(_ value: Int64) -> SimDuration { SimDuration(microseconds: value) }
    public static func milliseconds(_ value: Int64) -> SimDuration { SimDuration(microseconds: value * 1_000) }
    public static func seconds(_ value: Int64) -> SimDuration { SimDuration(microseconds: value * 1_000_000) }

    public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: SimDuration, rhs: SimDuration) -> SimDuration {
        SimDuration(microseconds: lhs.microseconds + rhs.microseconds)
    }

    /// The shortest exact spelling: `2s`, `150ms`, `-300ms`, `1500us`.
    public var description: String { TimeFormat.duration(microseconds) }
}

/// An instant of virtual (true, simulated) time: microseconds since the session began.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = SimTime(microseconds: 0)
    /// The last instant a run may reach: half of what 64 bits hold (about 146,000
    /// years), so a timer or a message latency added to any reachable time still fits.
    public static let latest = SimTime(microseconds: Int64.max / 2)

    @inlinable public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.microseconds < rhs.microseconds }
    @inlinable public static func + (lhs: SimTime, rhs: SimDuration) -> SimTime {
        SimTime(microseconds: lhs.microseconds + rhs.microseconds)
    }
    public static func - (lhs: SimTime, rhs: SimTime) -> SimDuration {
        SimDuration(microseconds: lhs.microseconds - rhs.microseconds)
    }

    /// Seconds with six decimals: `1.250000s`.
    public var description: String { TimeFormat.seconds(microseconds) }
}

/// Formatting shared by every view, so a time reads the same everywhere.
public enum TimeFormat {
    /// `1.250000s`, `-0.300000s`: fixed width after the point so columns line up.
    public static func seconds(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let whole = magnitude / 1_000_000
        let fraction = String(magnitude % 1_000_000)
        return sign + String(whole) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "s"
    }

    /// The shortest exact unit: `2s`, `150ms`, `+150ms` when `signed`, `1500us`.
    public static func duration(_ micros: Int64, signed: Bool = false) -> String {
        let sign = micros < 0 ? "-" : (signed ? "+" : "")
        let magnitude = micros.magnitude
        if magnitude == 0 { return sign + "0s" }
        if magnitude % 1_000_000 == 0 { return sign + String(magnitude / 1_000_000) + "s" }
        if magnitude % 1_000 == 0 { return sign + String(magnitude / 1_000) + "ms" }
        return sign + String(magnitude) + "us"
    }
}
