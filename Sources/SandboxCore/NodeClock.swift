/// A node's physical clocks: a wall clock that can be skewed, drift and be stepped, and
/// a monotonic clock that only moves forward.
///
/// Both advance at the node's oscillator rate, `1 + drift` seconds per true second
/// (drift in parts per million). The wall clock reads
/// `anchorWall + (t − anchorTime) · (1 + drift)`; every change of drift or offset
/// re-anchors at the current instant so readings stay continuous except for the step
/// itself. All arithmetic is on integers, rounding toward negative infinity.
public struct NodeClock: Sendable, Equatable {
    public private(set) var driftPPM: Int64 = 0
    private var anchorTime: Int64
    private var anchorWall: Int64
    private var anchorMonotonic: Int64 = 0

    /// A clock that reads true time exactly from `start` on (its monotonic clock reads 0 there).
    public init(start: SimTime) {
        anchorTime = start.microseconds
        anchorWall = start.microseconds
    }

    /// The wall clock at true time `t`, in microseconds.
    public func wall(at t: SimTime) -> Int64 { anchorWall + scaled(t.microseconds - anchorTime) }

    /// The monotonic clock at true time `t`, in local microseconds since spawn.
    public func monotonic(at t: SimTime) -> Int64 { anchorMonotonic + scaled(t.microseconds - anchorTime) }

    /// How far the wall clock is ahead of true time at `t` (negative when behind).
    public func offset(at t: SimTime) -> Int64 { wall(at: t) - t.microseconds }

    /// Sets the wall clock so that it is `offset` ahead of true time at `t`.
    public mutating func setOffset(_ offset: SimDuration, at t: SimTime) {
        reanchor(at: t)
        anchorWall = t.microseconds + offset.microseconds
    }

    /// Jumps the wall clock by `delta` (forward or back), as an NTP step does.
    public mutating func step(by delta: SimDuration, at t: SimTime) {
        reanchor(at: t)
        anchorWall += delta.microseconds
    }

    /// Sets the oscillator's rate error from `t` on.
    public mutating func setDrift(ppm: Int64, at t: SimTime) {
        reanchor(at: t)
        driftPPM = ppm
    }

    /// The true time that passes while this clock counts `local` (its timers use this):
    /// a clock that runs fast fires its timers early. Rounded up, at least 0.
    public func trueDuration(ofLocal local: SimDuration) -> SimDuration {
        let rate = 1_000_000 + driftPPM
        let numerator = max(local.microseconds, 0) * 1_000_000
        return SimDuration(microseconds: (numerator + rate - 1) / rate)
    }

    private mutating func reanchor(at t: SimTime) {
        anchorWall = wall(at: t)
        anchorMonotonic = monotonic(at: t)
        anchorTime = t.microseconds
    }

    private func scaled(_ elapsed: Int64) -> Int64 {
        if driftPPM == 0 { return elapsed }
        let product = elapsed.multipliedFullWidth(by: 1_000_000 + driftPPM)
        let (quotient, remainder) = Int64(1_000_000).dividingFullWidth(product)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
