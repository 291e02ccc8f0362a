import SandboxCore
import Simulator
import Testing

/// Timers are set in node-local time: a node whose clock runs fast fires them early in
/// true time. Clock settings show in the node reports; a step never moves the
/// monotonic clock.
@Suite("Node clocks and timers in a simulation")
struct NodeTimerTests {
    /// Spawns n1 (timer probe) and n2 (sender), applies `drift` to n1, arms a timer of
    /// `local` µs at n1 by a message arriving at 1 ms, and returns when it fired.
    private func fireTime(drift: Int64, local: Int64) async throws -> SimTime? {
        let sim = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: sim)
        try await spawn([n(2)], kind: "none", in: sim)
        try await sim.drift(n(1), ppm: drift)
        try await sim.send(from: n(2), to: n(1), label: "arm \(local)")
        _ = await sim.run(for: .seconds(5))
        return await sim.events(ofKind: .timer).first?.time
    }

    @Test("a timer fires after its local duration, early on a fast clock, late on a slow one")
    func driftShiftsTimers() async throws {
        // No drift: 1 ms arrival + 1 s.
        #expect(try await fireTime(drift: 0, local: 1_000_000) == SimTime(microseconds: 1_001_000))
        // +1000 ppm: 1 s local = ⌈10^12 / 1,001,000⌉ = 999,001 µs true.
        #expect(try await fireTime(drift: 1_000, local: 1_000_000) == SimTime(microseconds: 1_000 + 999_001))
        // −1000 ppm: ⌈10^12 / 999,000⌉ = 1,001,002 µs true.
        #expect(try await fireTime(drift: -1_000, local: 1_000_000) == SimTime(microseconds: 1_000 + 1_001_002))
    }

    @Test("a timer event is a process event and advances the clocks")
    func timerIsProcessEvent() async throws {
        let sim = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: sim)
        try await spawn([n(2)], kind: "none", in: sim)
        try await sim.send(from: n(2), to: n(1), label: "arm 500")
        _ = await sim.run(for: .seconds(1))
        let timer = try #require(await sim.events(ofKind: .timer).first)
        // n1: deliver (max(0,1)+1 = 2), then the timer (3); own entry 2.
        #expect(timer.node == n(1) && timer.label == "tick" && timer.lamport == 3 && timer.sequence == 2)
        #expect(timer.time == SimTime(microseconds: 1_500))
    }

    @Test("a cancelled timer does not fire")
    func cancel() async throws {
        let sim = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: sim)
        try await spawn([n(2)], kind: "none", in: sim)
        try await sim.send(from: n(2), to: n(1), label: "arm 50000")
        _ = await sim.run(for: .milliseconds(10))
        try await sim.send(from: n(2), to: n(1), label: "cancel")
        _ = await sim.run(for: .seconds(1))
        #expect(await sim.events(ofKind: .timer).isEmpty)
    }

    @Test("re-arming replaces the earlier arming")
    func rearm() async throws {
        let sim = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: sim)
        try await spawn([n(2)], kind: "none", in: sim)
        try await sim.send(from: n(2), to: n(1), label: "arm 5000")   // would fire at 6 ms
        try await sim.send(from: n(2), to: n(1), label: "arm 20000")  // fires at 21 ms
        _ = await sim.run(for: .seconds(1))
        #expect(await sim.events(ofKind: .timer).map(\.time) == [time(ms: 21)])
    }

    @Test("a crash disarms timers; a pause delays them to the resume")
    func timersAndLifecycle() async throws {
        let crashed = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: crashed)
        try await spawn([n(2)], kind: "none", in: crashed)
        try await crashed.send(from: n(2), to: n(1), label: "arm 10000")
        _ = await crashed.run(for: .milliseconds(5))
        try await crashed.crash(n(1))
        try await crashed.restart(n(1))
        _ = await crashed.run(for: .seconds(1))
        #expect(await crashed.events(ofKind: .timer).isEmpty)

        let paused = Simulation(seed: 1)
        try await spawnTimerProbes([n(1)], in: paused)
        try await spawn([n(2)], kind: "none", in: paused)
        try await paused.send(from: n(2), to: n(1), label: "arm 10000")  // due at 11 ms
        _ = await paused.run(for: .milliseconds(5))
        try await paused.pause(n(1), for: .milliseconds(20))               // until 25 ms
        _ = await paused.run(for: .seconds(1))
        #expect(await paused.events(ofKind: .timer).map(\.time) == [time(ms: 25)])
    }

    @Test("skew, step and drift show in the node report; the monotonic clock never steps")
    func clockSettings() async throws {
        let sim = try await makeSimulation(nodes: 2)
        _ = await sim.run(for: .seconds(1))
        try await sim.skew(n(1), to: .milliseconds(150))
        try await sim.drift(n(2), ppm: 200)
        _ = await sim.run(for: .seconds(1))
        var reports = await sim.nodeReports()
        #expect(reports[0].wallClock == 2_150_000 && reports[0].offset == 150_000 && reports[0].monotonicClock == 2_000_000)
        // n2 gained 200 µs in the one second since the drift was set.
        #expect(reports[1].wallClock == 2_000_200 && reports[1].monotonicClock == 2_000_200 && reports[1].driftPPM == 200)

        try await sim.stepClock(n(1), by: .milliseconds(-500))
        reports = await sim.nodeReports()
        #expect(reports[0].wallClock == 1_650_000 && reports[0].monotonicClock == 2_000_000)

        // The trace shows the reading each event saw.
        try await sim.local(n(1), label: "after step")
        let local = try #require(await sim.events(ofKind: .local).last)
        #expect(local.wallClock == 1_650_000)
        let skews = await sim.events(ofKind: .skew)
        #expect(skews.map(\.label) == ["+150ms", "step -500ms"])
        #expect(await sim.events(ofKind: .drift).map(\.label) == ["+200ppm"])
    }
}
