import Simulator

extension Session {
    /// Refuses a run when the trace, with no window, already holds as many events as
    /// its ceiling: the run would stop at once.
    func refuseAtTraceCeiling() async throws {
        let trace = await simulation.trace
        let ceiling = await simulation.traceCeiling
        guard trace.window == nil, trace.count >= ceiling else { return }
        throw CommandError(column: 1, message: Self.traceCeilingAdvice(ceiling: ceiling),
                           usage: catalog.entry(for: "trace")?.usage ?? [])
    }

    /// What to do when the trace reached its ceiling.
    static func traceCeilingAdvice(ceiling: Int) -> String {
        "stopped: the trace holds \(ceiling) events, as many as it keeps without a window (about "
            + "\(ceiling * 64 / 1_000_000) MB); type trace window COUNT to keep only the newest COUNT events and go on"
    }
}
