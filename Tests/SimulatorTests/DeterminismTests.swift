import SandboxCore
import Simulator
import Testing

/// The determinism contract: same seed + same calls ⇒ the same trace; each node draws
/// from its own streams, so a node that never talks changes nothing for the others.
@Suite("Determinism")
struct DeterminismTests {
    /// A fixed script (the calls never depend on the seed) with every kind of randomness:
    /// jittery and heavy-tailed latency, loss, duplication, echo replies, a pause.
    static func echoScenario(seed: UInt64) async throws -> [TraceEvent] {
        let sim = try await makeSimulation(seed: seed, nodes: 4, kind: "echo",
                                           latency: .uniform(.microseconds(200), .milliseconds(15)))
        try await spawn([n(5), n(6)], kind: "none", in: sim)
        await sim.setLoss(percent(10))
        await sim.setDuplication(percent(15))
        try await sim.overrideLink(n(1), n(2), oneWay: false,
                                   with: LinkOverride(latency: .pareto(minimum: .milliseconds(1), alpha: 1.2)))
        for i in 0..<40 {
            let from = n(1 + i % 4), to = n(1 + (i * 3 + 1) % 6)
            if from != to { try await sim.send(from: from, to: to, label: "m\(i)") }
            if i == 20 { try await sim.pause(n(5), for: .milliseconds(12)) }
            _ = await sim.run(for: .milliseconds(3))
        }
        _ = await sim.run(for: .seconds(2))
        return await sim.trace.allEvents
    }

    /// Flooding among six nodes with loss and duplication: one rumour fans out to ~n² messages.
    static func floodScenario(seed: UInt64) async throws -> [TraceEvent] {
        let sim = try await makeSimulation(seed: seed, nodes: 6, kind: "flood",
                                           latency: .uniform(.microseconds(100), .milliseconds(8)))
        await sim.setLoss(percent(5))
        await sim.setDuplication(percent(10))
        for i in 0..<4 {
            try await sim.send(from: n(1 + i), to: n(2 + i), label: "rumour\(i)")
            _ = await sim.run(for: .milliseconds(2))
        }
        _ = await sim.run(for: .seconds(1))
        return await sim.trace.allEvents
    }

    @Test("the same seed and the same calls give the same trace, for 50 seeds")
    func sameSeedSameTrace() async throws {
        for seed in UInt64(1)...50 {
            let first = try await Self.echoScenario(seed: seed)
            let second = try await Self.echoScenario(seed: seed)
            #expect(first.count > 100)
            #expect(first == second, "seed \(seed)")
            let flood = try await Self.floodScenario(seed: seed)
            let floodAgain = try await Self.floodScenario(seed: seed)
            #expect(flood.count > 100)
            #expect(flood == floodAgain, "seed \(seed)")
        }
    }

    @Test("different seeds give different traces")
    func differentSeedsDiffer() async throws {
        var traces: [[TraceEvent]] = []
        for seed in UInt64(1)...20 { traces.append(try await Self.echoScenario(seed: seed)) }
        var differingNeighbours = 0
        for i in 1..<traces.count where traces[i] != traces[i - 1] { differingNeighbours += 1 }
        #expect(differingNeighbours == traces.count - 1)
        // Not only the same events in another order: the timings differ too.
        let timings = Set(traces.map { $0.filter { $0.kind == .deliver }.map(\.time.microseconds) })
        #expect(timings.count == traces.count)
    }

    /// The message events among n1…n3, without event ids (which shift when other events
    /// are recorded): what a user would compare.
    private struct Observed: Equatable {
        let time: SimTime
        let node: NodeID?
        let kind: EventKind
        let peer: NodeID?
        let label: String
        let lamport: Int
        let dropReason: DropReason?
    }

    private static func talk(seed: UInt64, bystander: Bystander) async throws -> [Observed] {
        let sim = Simulation(seed: seed)
        let talkers = [n(1), n(2), n(3)]
        switch bystander {
        case .none:
            try await spawn(talkers, kind: "echo", in: sim)
        case .spawnedFirst:
            try await spawn([n(4)], kind: "none", in: sim)
            try await spawn(talkers, kind: "echo", in: sim)
        case .spawnedTogether:
            try await spawn(talkers, kind: "echo", in: sim)
            try await spawn([n(9)], kind: "echo", in: sim)
        case .spawnedMidway:
            try await spawn(talkers, kind: "echo", in: sim)
        }
        await sim.setLatency(.uniform(.microseconds(100), .milliseconds(20)))
        await sim.setLoss(percent(20))
        await sim.setDuplication(percent(20))
        for i in 0..<60 {
            try await sim.send(from: talkers[i % 3], to: talkers[(i + 1 + i / 3 % 2) % 3], label: "m\(i)")
            if i == 30, bystander == .spawnedMidway { try await spawn([n(4)], kind: "none", in: sim) }
            _ = await sim.run(for: .microseconds(1_700))
        }
        _ = await sim.run(for: .seconds(1))
        return await sim.trace.allEvents
            .filter { $0.kind.isProcessEvent || $0.kind == .drop || $0.kind == .duplicate }
            .filter { talkers.contains($0.node!) }
            .map { Observed(time: $0.time, node: $0.node, kind: $0.kind, peer: $0.peer, label: $0.label,
                            lamport: $0.lamport, dropReason: $0.dropReason) }
    }

    enum Bystander { case none, spawnedFirst, spawnedTogether, spawnedMidway }

    @Test("a node that never talks does not change the other nodes' message timings",
          arguments: [Bystander.spawnedFirst, .spawnedTogether, .spawnedMidway])
    func silentNodeChangesNothing(bystander: Bystander) async throws {
        for seed in UInt64(1)...10 {
            let alone = try await Self.talk(seed: seed, bystander: .none)
            let watched = try await Self.talk(seed: seed, bystander: bystander)
            #expect(alone.count > 100)
            #expect(alone == watched, "seed \(seed)")
        }
    }

    @Test("node ids above every existing one are handed out in order")
    func freshIDs() async throws {
        let sim = try await makeSimulation(nodes: 3)
        #expect(try await sim.freshIDs(2) == [n(4), n(5)])
        try await spawn([n(10)], kind: "none", in: sim)
        #expect(try await sim.freshIDs(1) == [n(11)])
        await #expect(throws: SimulationError.tooManyNodes(limit: NodeID.maximumRawValue)) {
            try await sim.freshIDs(NodeID.maximumRawValue)
        }
    }
}
