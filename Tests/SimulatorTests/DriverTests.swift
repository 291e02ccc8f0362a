import SandboxCore
import Simulator
import Testing

/// The driver pops events in (time, insertion) order; `run` advances to its target,
/// `step` handles the next events that change something.
@Suite("Driver")
struct DriverTests {
    @Test("run advances to its target and handles events due at the target itself")
    func runTarget() async throws {
        let sim = try await makeSimulation(nodes: 2, latency: .fixed(.milliseconds(10)))
        try await sim.send(from: n(1), to: n(2), label: "x")
        #expect(await sim.nextEventTime == time(ms: 10))
        #expect(await sim.pendingCount == 1)
        var summary = await sim.run(for: .milliseconds(9))
        #expect(await sim.now == time(ms: 9))
        #expect(summary.events == 0 && summary.drops == 0 && !summary.interrupted)
        summary = await sim.run(for: .milliseconds(1))
        #expect(await sim.now == time(ms: 10))
        #expect(summary.events == 1 && summary.drops == 0 && !summary.interrupted)
        #expect(await sim.pendingCount == 0)
        #expect(await sim.nextEventTime == nil)
    }

    @Test("a run's summary counts the events and drops it recorded")
    func summaryCounts() async throws {
        let sim = try await makeSimulation(nodes: 3, kind: "echo", latency: .fixed(.milliseconds(10)))
        try await sim.send(from: n(1), to: n(2), label: "a")  // delivered, echoed back
        try await sim.send(from: n(1), to: n(3), label: "b")  // n3 crashes first
        try await sim.crash(n(3))
        let summary = await sim.run(for: .seconds(1))
        // deliver a, send "echo a", deliver "echo a", drop b.
        #expect(summary.events == 4 && summary.drops == 1 && !summary.interrupted)
    }

    @Test("a stop signal ends a run early and leaves time where it stopped")
    func stopSignal() async throws {
        struct AlwaysStop: StopSignal { var isStopRequested: Bool { true } }
        let sim = try await makeSimulation(nodes: 2, latency: .fixed(.milliseconds(10)))
        try await sim.send(from: n(1), to: n(2), label: "x")
        let summary = await sim.run(for: .seconds(1), stop: AlwaysStop())
        #expect(summary.interrupted)
        #expect(await sim.now == .zero)
        #expect(await sim.pendingCount == 1)
    }

    @Test("step handles one event at a time and throws when nothing is pending")
    func step() async throws {
        let sim = try await makeSimulation(nodes: 2, latency: .fixed(.milliseconds(10)))
        await #expect(throws: SimulationError.noEvents) { try await sim.step() }
        try await sim.send(from: n(1), to: n(2), label: "a")
        try await sim.send(from: n(2), to: n(1), label: "b")
        var summary = try await sim.step()
        #expect(summary.events == 1)
        #expect(await sim.now == time(ms: 10))
        #expect(await sim.events(ofKind: .deliver).map(\.label) == ["a"])
        summary = try await sim.step()
        #expect(await sim.events(ofKind: .deliver).map(\.label) == ["a", "b"])
        await #expect(throws: SimulationError.noEvents) { try await sim.step() }
    }

    @Test("step skips stale timers without counting them")
    func stepSkipsStale() async throws {
        let sim = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: sim)
        try await spawn([n(2)], kind: "none", in: sim)
        try await sim.send(from: n(2), to: n(1), label: "arm 1000")
        try await sim.send(from: n(2), to: n(1), label: "arm 5000")
        _ = try await sim.step(2)  // both arming messages
        let summary = try await sim.step()
        // The first arming (due at 2 ms) is stale; the step goes on to the live one at 6 ms.
        #expect(summary.events == 1)
        #expect(await sim.now == SimTime(microseconds: 6_000))
        #expect(await sim.events(ofKind: .timer).count == 1)
    }

    @Test("unnamed sends and locals are labelled m1, m2, … and l1, l2, …")
    func automaticLabels() async throws {
        let sim = try await makeSimulation(nodes: 2)
        try await sim.send(from: n(1), to: n(2))
        try await sim.local(n(2))
        try await sim.send(from: n(2), to: n(1))
        try await sim.local(n(1))
        #expect(await sim.events(ofKind: .send).map(\.label) == ["m1", "m2"])
        #expect(await sim.events(ofKind: .local).map(\.label) == ["l1", "l2"])
    }

    @Test("a trace window keeps only the newest events")
    func traceWindow() async throws {
        let sim = try await makeSimulation(nodes: 2)
        for i in 0..<20 { try await sim.local(n(1), label: "l\(i)") }
        await sim.setTraceWindow(5)
        let trace = await sim.trace
        #expect(trace.count == 5)
        #expect(trace.totalRecorded == 22)  // 2 spawns + 20 locals
        #expect(trace.allEvents.map(\.label) == ["l15", "l16", "l17", "l18", "l19"])
        #expect(trace.firstKeptID == 18)
        #expect(trace.lastID == EventID(22))
        #expect(trace.last(2).map(\.label) == ["l18", "l19"])
        #expect(trace.wasForgotten(EventID(17)) && !trace.wasForgotten(EventID(18)))
        // The oldest kept local's parent was forgotten: its vector says so.
        #expect(trace.vector(of: EventID(18))?.isTruncated == true)
        #expect(trace.vector(of: EventID(18))?[n(1)] == 16)
    }
}
