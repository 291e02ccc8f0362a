import SandboxCore

extension Simulation {
    /// Sets how far `node`'s wall clock is ahead of true time (negative: behind).
    public func skew(_ node: NodeID, to offset: SimDuration) async throws(SimulationError) {
        let actor = try actor(node)
        let wallClock = await actor.setClockOffset(offset, at: now)
        clocksMayDiffer = true
        recordNodeEvent(.skew, at: node, wallClock: wallClock, label: TimeFormat.duration(offset.microseconds, signed: true))
    }

    /// Jumps `node`'s wall clock by `delta`, forwards or back; its monotonic clock does not move.
    public func stepClock(_ node: NodeID, by delta: SimDuration) async throws(SimulationError) {
        let actor = try actor(node)
        let wallClock = await actor.stepClock(by: delta, at: now)
        clocksMayDiffer = true
        recordNodeEvent(.skew, at: node, wallClock: wallClock, label: "step " + TimeFormat.duration(delta.microseconds, signed: true))
    }

    /// Sets the rate error of `node`'s oscillator, in parts per million, from now on.
    public func drift(_ node: NodeID, ppm: Int64) async throws(SimulationError) {
        let actor = try actor(node)
        let wallClock = await actor.setDrift(ppm: ppm, at: now)
        clocksMayDiffer = true
        recordNodeEvent(.drift, at: node, wallClock: wallClock, label: (ppm > 0 ? "+" : "") + "\(ppm)ppm")
    }
}
