import Protocols
import SandboxCore
import Simulator
import Testing

/// NTP over the simulated network, checked against the four-timestamp formulas
/// θ = ((t1 − t0) + (t2 − t3)) / 2 and δ = (t3 − t0) − (t2 − t1).
@Suite struct NTPTests {
    @Test func theEstimateFollowsTheFormula() {
        // Client 150ms behind the server, 5ms out and 25ms back, server answers at once.
        // t0 = −150 (client), t1 = t2 = 5 (server), t3 = 30 − 150 = −120 (client).
        let estimate = NTP.Estimate(t0: -150_000, t1: 5_000, t2: 5_000, t3: -120_000)
        #expect(estimate.offset == 140_000)  // ((5+150) + (5+120)) / 2
        #expect(estimate.delay == 30_000)  // 30 − 0
        #expect(estimate.errorBound == 15_000)
        // With server processing time, δ leaves it out: t2 − t1 = 4ms.
        let slowServer = NTP.Estimate(t0: 0, t1: 10_000, t2: 14_000, t3: 24_000)
        #expect(slowServer.delay == 20_000)
        #expect(slowServer.offset == 0)
    }

    @Test(arguments: [(10, 10), (5, 25), (25, 5), (1, 40), (30, 30)])
    func overTheNetworkTheErrorIsHalfTheAsymmetryAndWithinTheBound(out: Int64, back: Int64) async throws {
        let sim = try await makeSimulation(nodes: 2)
        try await sim.skew(n(2), to: .milliseconds(-150))
        try await sim.overrideLink(n(2), n(1), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(out))))
        try await sim.overrideLink(n(1), n(2), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(back))))
        try await sim.synchronise(n(2), with: n(1), every: nil)
        _ = await sim.run(for: .milliseconds(200))
        let offset = try #require(await sim.nodeReports().first { $0.id == n(2) }).offset
        // After the step n2 is off by exactly (back − out)/2 ... in the other direction:
        // the estimate is θ + (out − back)/2, so the residual is (out − back)/2.
        #expect(offset == (out - back) * 1_000 / 2)
        #expect(abs(offset) <= (out + back) * 1_000 / 2)
        let note = try #require(await sim.events(ofKind: .note).first)
        #expect(note.label.contains("round trip \(TimeFormat.duration((out + back) * 1_000))"))
        // Four messages' worth of events: request sent and delivered, response sent and delivered.
        #expect(await sim.events(ofKind: .send).map(\.label) == ["ntp request #1", "ntp response #1"])
        #expect(await sim.events(ofKind: .skew).last?.label == "clock stepped by " + TimeFormat.duration(150_000 + (out - back) * 500, signed: true))
    }

    @Test func periodicSynchronisationKeepsADriftingClockBounded() async throws {
        let sim = try await makeSimulation(nodes: 2, latency: .fixed(.milliseconds(10)))
        try await sim.drift(n(2), ppm: 500)  // gains 5ms every 10s
        try await sim.synchronise(n(2), with: n(1), every: .seconds(10))
        for _ in 0..<12 {
            _ = await sim.run(for: .seconds(10))
            let offset = try #require(await sim.nodeReports().first { $0.id == n(2) }).offset
            #expect(abs(offset) <= 5_100, "offset \(offset)us")
        }
        try await sim.stopSynchronising(n(2))
        _ = await sim.run(for: .seconds(60))
        let drifted = try #require(await sim.nodeReports().first { $0.id == n(2) }).offset
        #expect(drifted > 29_000)  // 60s at 500ppm, unchecked
    }

    @Test func aCrashedClientStillSynchronisesAfterRestart() async throws {
        let sim = try await makeSimulation(nodes: 2, latency: .fixed(.milliseconds(10)))
        try await sim.synchronise(n(2), with: n(1), every: .seconds(1))
        _ = await sim.run(for: .milliseconds(500))
        try await sim.crash(n(2))
        _ = await sim.run(for: .seconds(3))
        let before = await sim.events(ofKind: .send).count
        try await sim.restart(n(2))
        _ = await sim.run(for: .milliseconds(2_500))
        // The restart begins an exchange at once and re-arms the period: three requests
        // (at 0, 1s and 2s after the restart) and their three responses.
        #expect(await sim.events(ofKind: .send).count - before == 6)
    }

    @Test func stoppingWhatIsNotRunningIsAnError() async throws {
        let sim = try await makeSimulation(nodes: 2)
        await #expect(throws: SimulationError.notSynchronising(n(2))) { try await sim.stopSynchronising(n(2)) }
        await #expect(throws: SimulationError.selfLink(n(1))) { try await sim.synchronise(n(1), with: n(1), every: nil) }
    }
}
