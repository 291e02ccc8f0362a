import SandboxCore
import Simulator
import Synchronization
import Testing

/// A stop signal that says stop once it has been asked `after` times.
final class StopAfter: StopSignal {
    private let asked = Mutex(0)
    private let after: Int
    init(after: Int) { self.after = after }
    var isStopRequested: Bool { asked.withLock { $0 += 1; return $0 > after } }
}

/// Ctrl-C stops `step N` and a storm at one instant at a point that `step K` replays
/// exactly; runs never pass the last reachable instant; the trace ceiling stops a run.
@Suite("Interrupting runs and steps")
struct InterruptionTests {
    /// 60 flood nodes with no latency: one rumour is about 3,600 events at time 0.
    static func storm(seed: UInt64 = 1, nodes: Int = 60) async throws -> Simulation {
        let sim = try await makeSimulation(seed: seed, nodes: nodes, kind: "flood", latency: .fixed(.zero))
        try await sim.send(from: n(1), to: n(2), label: "rumour")
        return sim
    }

    static func sameState(_ a: Simulation, _ b: Simulation) async {
        #expect(await a.trace.allEvents == b.trace.allEvents)
        #expect(await a.now == b.now)
        #expect(await a.pendingCount == b.pendingCount)
    }

    @Test func anInterruptedStepIsReplayedByStepK() async throws {
        let sim = try await Self.storm()
        let summary = try await sim.step(1_000, stop: StopAfter(after: 37))
        #expect(summary.interrupted)
        #expect(summary.handled == 38)
        let replay = try await Self.storm()
        let replayed = try await replay.step(summary.handled)
        #expect(!replayed.interrupted && replayed.events == summary.events)
        await Self.sameState(sim, replay)
    }

    @Test func aStormAtOneInstantStopsPartwayAndStepReplaysIt() async throws {
        let sim = try await Self.storm(nodes: 90)
        let summary = await sim.run(for: .seconds(1), stop: StopAfter(after: 0))
        #expect(summary.interrupted && summary.stoppedMidInstant)
        // Stopped at the first check: once 4,096 events were recorded, long before the
        // storm's 8,000 or so.
        #expect(summary.events >= Simulation.stormCheckInterval && summary.events < Simulation.stormCheckInterval + 100)
        #expect(await sim.now == .zero)
        #expect(await sim.pendingCount > 0)
        let replay = try await Self.storm(nodes: 90)
        _ = try await replay.step(summary.handled)
        await Self.sameState(sim, replay)
        // Going on from either gives the same run.
        _ = await sim.run(for: .seconds(1))
        _ = await replay.run(for: .seconds(1))
        await Self.sameState(sim, replay)
    }

    @Test func betweenInstantsARunStillStopsAtAnInstantBoundary() async throws {
        let sim = try await makeSimulation(seed: 2, nodes: 4, kind: "echo", latency: .uniform(.milliseconds(1), .milliseconds(5)))
        for index in 1...4 { try await sim.send(from: n(index), to: n(index % 4 + 1), label: "m\(index)") }
        let summary = await sim.run(for: .seconds(1), stop: StopAfter(after: 2))
        #expect(summary.interrupted && !summary.stoppedMidInstant)
        let now = await sim.now
        #expect(await sim.nextEventTime.map { $0 > now } ?? true)
    }

    @Test func runsRefuseToPassTheLastInstant() async throws {
        let sim = try await makeSimulation(nodes: 2, kind: "echo")
        let room = SimTime.latest - SimTime.zero
        try await sim.checkRunFits(room)
        await #expect(throws: SimulationError.timeOverflow(now: .zero, requested: room + .microseconds(1))) {
            try await sim.checkRunFits(room + .microseconds(1))
        }
        // Four big runs with nothing pending reach the end of time exactly.
        let quarter = SimDuration(microseconds: room.microseconds / 4)
        for _ in 0..<4 { _ = await sim.run(for: quarter) }
        _ = await sim.run(for: SimDuration(microseconds: room.microseconds % 4))
        #expect(await sim.now == .latest)
        await #expect(throws: SimulationError.self) { try await sim.checkRunFits(.microseconds(1)) }
        // Even unchecked, a run never overflows: it stops at the last instant.
        _ = await sim.run(for: .microseconds(Int64.max))
        #expect(await sim.now == .latest)
        // Sending still works at the last instant (latency has room to spare).
        try await sim.send(from: n(1), to: n(2), label: "late")
        #expect(await sim.pendingCount == 1)
    }

    @Test func theTraceCeilingStopsARunWithoutAWindow() async throws {
        let sim = try await Self.storm()
        await sim.setTraceCeiling(500)
        let summary = await sim.run(for: .seconds(1))
        #expect(summary.traceCeiling == 500)
        let kept = await sim.trace.count
        #expect(kept >= 500 && kept < 500 + 200)
        // A window lifts the ceiling: the run goes on to the end.
        await sim.setTraceWindow(1_000)
        let rest = await sim.run(for: .seconds(1))
        #expect(rest.traceCeiling == nil && !rest.interrupted)
        #expect(await sim.pendingCount == 0)
    }
}
