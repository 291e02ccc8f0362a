import SandboxCore
import Simulator

/// `run` and `step`, kept in the history as what actually happened, so an interrupted
/// or stopped one replays to the same trace.
extension Session {
    /// `run`: interruptible by the stop signal. An interrupted run is kept in the history
    /// as the run that actually happened, so the saved session replays to the same trace:
    /// `run <the time that passed>` when it stopped between two instants, `step <events
    /// handled>` when it stopped inside one (a storm at one instant), since only `step`
    /// can end between two events of one instant. A run that would pass the last
    /// instant virtual time can reach, or that starts with the trace at its ceiling, is
    /// refused and changes nothing.
    func run(_ duration: SimDuration, quiet: Bool) async throws -> Performed {
        try await simulation.checkRunFits(duration)
        try await refuseAtTraceCeiling()
        let start = await simulation.now
        let summary = await simulation.run(for: duration, stop: stopSignal)
        let now = await simulation.now
        // A run that stopped early (Ctrl-C, a violation, the trace ceiling) says how much ran.
        let ran = now - start < duration ? "\(now - start) of \(duration)" : "\(duration)"
        let output = "ran \(ran) to \(now): " + Self.describe(summary)
        guard summary.interrupted || summary.reachedTraceCeiling || !summary.violations.isEmpty else {
            return Performed(output: output)
        }
        var replayed = summary
        replayed.interrupted = false
        let suffix = quiet ? " quiet" : ""
        if summary.stoppedMidInstant {
            return Performed(output: output, recordedLine: "step \(summary.handled)" + suffix,
                             recordedOutput: await stepOutput(replayed))
        }
        let happened = now - start
        return Performed(output: output, recordedLine: "run \(happened)" + suffix,
                         recordedOutput: "ran \(happened) to \(now): " + Self.describe(replayed))
    }

    /// `step`: interruptible after any event; an interrupted `step N` is kept as the
    /// `step K` that happened.
    func step(_ count: Int, quiet: Bool) async throws -> Performed {
        // Stepping past the end is not a mistake: a script can step until nothing is left.
        guard await simulation.pendingCount > 0 else {
            return Performed(output: "now \(await simulation.now): nothing to step, no events are pending")
        }
        let summary = try await simulation.step(count, stop: stopSignal)
        let output = await stepOutput(summary)
        guard summary.interrupted else { return Performed(output: output) }
        var replayed = summary
        replayed.interrupted = false
        return Performed(output: output, recordedLine: "step \(summary.handled)" + (quiet ? " quiet" : ""),
                         recordedOutput: await stepOutput(replayed))
    }

    func stepOutput(_ summary: RunSummary) async -> String {
        let idle = await simulation.pendingCount == 0 ? " (nothing more is pending)" : ""
        return "now \(await simulation.now): " + Self.describe(summary) + idle
    }
}
