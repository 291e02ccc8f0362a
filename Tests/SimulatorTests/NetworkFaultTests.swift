import SandboxCore
import Simulator
import Testing

/// Network faults and link rules as a session sees them: through the Simulation API,
/// with the outcome read from the trace.
@Suite("Network faults in a simulation")
struct NetworkFaultTests {
    /// Sends one message along every ordered pair of `nodes`, runs 1 s, and returns the
    /// links whose message was delivered.
    private func delivered(in sim: Simulation, among nodes: [NodeID]) async throws -> Set<DirectedLink> {
        let before = await sim.trace.nextID
        for a in nodes { for b in nodes where a != b { try await sim.send(from: a, to: b, label: "\(a)\(b)") } }
        _ = await sim.run(for: .seconds(1))
        let events = await sim.trace.events(after: EventID(before.rawValue - 1))
        return Set(events.filter { $0.kind == .deliver }.map { DirectedLink($0.peer!, $0.node!) })
    }

    private func allLinks(_ nodes: [NodeID]) -> Set<DirectedLink> {
        var links = Set<DirectedLink>()
        for a in nodes { for b in nodes where a != b { links.insert(DirectedLink(a, b)) } }
        return links
    }

    @Test("partition, isolate, cut and heal decide which messages arrive")
    func faults() async throws {
        let nodes = (1...5).map(n)
        let sim = try await makeSimulation(nodes: 5)

        try await sim.partition([[n(1), n(2)], [n(3)]])
        // Groups {n1,n2}, {n3} and the unnamed {n4,n5}.
        #expect(try await delivered(in: sim, among: nodes) ==
                [DirectedLink(n(1), n(2)), DirectedLink(n(2), n(1)), DirectedLink(n(4), n(5)), DirectedLink(n(5), n(4))])
        let partitionEvent = try #require(await sim.events(ofKind: .partition).last)
        #expect(partitionEvent.label == "n1 n2 | n3 | n4 n5")

        await sim.heal()
        #expect(try await delivered(in: sim, among: nodes) == allLinks(nodes))

        try await sim.isolate(n(3))
        #expect(try await delivered(in: sim, among: nodes) == allLinks([n(1), n(2), n(4), n(5)]))
        await sim.heal()

        try await sim.cut(from: n(1), to: n(2))
        var expected = allLinks(nodes)
        expected.remove(DirectedLink(n(1), n(2)))
        #expect(try await delivered(in: sim, among: nodes) == expected)
        await sim.heal()
        #expect(try await delivered(in: sim, among: nodes) == allLinks(nodes))
    }

    @Test("every drop is recorded with its reason", arguments: [
        DropReason.partitioned, .isolated, .cut, .loss,
    ])
    func dropReasons(reason: DropReason) async throws {
        let sim = try await makeSimulation(nodes: 3)
        switch reason {
        case .partitioned: try await sim.partition([[n(1)]])
        case .isolated: try await sim.isolate(n(2))
        case .cut: try await sim.cut(from: n(1), to: n(2))
        default: await sim.setLoss(percent(100))
        }
        try await sim.send(from: n(1), to: n(2), label: "x")
        _ = await sim.run(for: .seconds(1))
        let drops = await sim.events(ofKind: .drop)
        try #require(drops.count == 1)
        #expect(drops[0].dropReason == reason)
        #expect(drops[0].node == n(1) && drops[0].peer == n(2) && drops[0].label == "x")
        #expect(drops[0].time == .zero)
        #expect(await sim.events(ofKind: .deliver).isEmpty)
        #expect(await sim.droppedMessages == 1)
    }

    @Test("loss 100% drops everything, with reason .loss")
    func totalLoss() async throws {
        let sim = try await makeSimulation(nodes: 4, kind: "echo", latency: .uniform(.milliseconds(1), .milliseconds(5)))
        await sim.setLoss(percent(100))
        for i in 0..<50 { try await sim.send(from: n(1 + i % 4), to: n(1 + (i + 1) % 4), label: "m\(i)") }
        let summary = await sim.run(for: .seconds(1))
        let drops = await sim.events(ofKind: .drop)
        #expect(drops.count == 50)
        #expect(drops.allSatisfy { $0.dropReason == .loss })
        #expect(await sim.events(ofKind: .deliver).isEmpty)
        #expect(await sim.droppedMessages == 50)
        #expect(summary.drops == 0)  // the drops happened at send time, before the run
    }

    @Test("loss 0% delivers everything; partial loss drops about its share")
    func partialLoss() async throws {
        let sim = try await makeSimulation(seed: 5, nodes: 2)
        await sim.setLoss(percent(30))
        for i in 0..<2_000 { try await sim.send(from: n(1), to: n(2), label: "m\(i)") }
        _ = await sim.run(for: .seconds(1))
        let drops = await sim.events(ofKind: .drop).count
        let deliveries = await sim.events(ofKind: .deliver).count
        #expect(drops + deliveries == 2_000)
        #expect(abs(drops - 600) < 100)  // σ ≈ 20
    }

    @Test("duplication 100% delivers every message twice")
    func duplication() async throws {
        let sim = try await makeSimulation(nodes: 2, latency: .uniform(.milliseconds(1), .milliseconds(9)))
        await sim.setDuplication(percent(100))
        for i in 0..<20 { try await sim.send(from: n(1), to: n(2), label: "m\(i)") }
        _ = await sim.run(for: .seconds(1))
        let deliveries = await sim.events(ofKind: .deliver)
        #expect(deliveries.count == 40)
        #expect(await sim.events(ofKind: .duplicate).count == 20)
        for i in 0..<20 { #expect(deliveries.filter { $0.label == "m\(i)" }.count == 2) }
    }

    @Test("link overrides set latency per direction")
    func linkLatency() async throws {
        let sim = try await makeSimulation(nodes: 3, latency: .fixed(.milliseconds(10)))
        try await sim.overrideLink(n(1), n(2), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(50))))
        try await sim.overrideLink(n(1), n(3), oneWay: false, with: LinkOverride(latency: .fixed(.milliseconds(3))))
        try await sim.send(from: n(1), to: n(2), label: "12")
        try await sim.send(from: n(2), to: n(1), label: "21")
        try await sim.send(from: n(1), to: n(3), label: "13")
        try await sim.send(from: n(3), to: n(1), label: "31")
        try await sim.send(from: n(2), to: n(3), label: "23")
        _ = await sim.run(for: .seconds(1))
        var arrival: [String: SimTime] = [:]
        for event in await sim.events(ofKind: .deliver) { arrival[event.label] = event.time }
        #expect(arrival == ["12": time(ms: 50), "21": time(ms: 10), "13": time(ms: 3), "31": time(ms: 3), "23": time(ms: 10)])

        // Reset one direction: back to the network latency.
        try await sim.resetLink(n(1), n(2), oneWay: true)
        try await sim.send(from: n(1), to: n(2), label: "again")
        _ = await sim.run(for: .seconds(1))
        let again = try #require(await sim.events(ofKind: .deliver).last)
        #expect(again.label == "again" && again.time == SimTime(microseconds: 1_010_000))
    }

    @Test("a per-link loss rule beats the network setting")
    func linkLoss() async throws {
        let sim = try await makeSimulation(nodes: 3)
        try await sim.overrideLink(n(1), n(2), oneWay: true, with: LinkOverride(loss: percent(100)))
        for _ in 0..<10 {
            try await sim.send(from: n(1), to: n(2), label: "lost")
            try await sim.send(from: n(2), to: n(1), label: "kept")
            try await sim.send(from: n(1), to: n(3), label: "kept")
        }
        _ = await sim.run(for: .seconds(1))
        #expect(await sim.events(ofKind: .drop).allSatisfy { $0.label == "lost" && $0.dropReason == .loss })
        #expect(await sim.events(ofKind: .drop).count == 10)
        #expect(await sim.events(ofKind: .deliver).allSatisfy { $0.label == "kept" })
    }

    @Test("uniform latency in a simulation stays within range")
    func uniformInSimulation() async throws {
        let sim = try await makeSimulation(seed: 3, nodes: 3, latency: .uniform(.milliseconds(2), .milliseconds(7)))
        for i in 0..<300 {
            try await sim.send(from: n(1 + i % 3), to: n(1 + (i + 1) % 3), label: "m\(i)")
            _ = await sim.run(for: .microseconds(100))
        }
        _ = await sim.run(for: .seconds(1))
        let trace = await sim.trace
        let deliveries = trace.allEvents.filter { $0.kind == .deliver }
        #expect(deliveries.count == 300)
        var delays = Set<Int64>()
        for event in deliveries {
            let sendID = try #require(event.messageParent)
            let send = try #require(trace[sendID])
            let delay = (event.time - send.time).microseconds
            #expect((2_000...7_000).contains(delay))
            delays.insert(delay)
        }
        #expect(delays.count > 200)  // jitter, not a constant
    }

    @Test("messages due at the same instant arrive in the order they were sent")
    func sameTimeFIFO() async throws {
        let sim = try await makeSimulation(nodes: 3, latency: .fixed(.milliseconds(4)))
        for i in 0..<30 { try await sim.send(from: n(1 + i % 2), to: n(3), label: "m\(i)") }
        _ = await sim.run(for: .seconds(1))
        let labels = await sim.events(ofKind: .deliver).map(\.label)
        #expect(labels == (0..<30).map { "m\($0)" })
    }

    @Test("jitter reorders messages on one link")
    func jitterReorders() async throws {
        let sim = try await makeSimulation(seed: 2, nodes: 2, latency: .uniform(.milliseconds(1), .milliseconds(30)))
        for i in 0..<50 { try await sim.send(from: n(1), to: n(2), label: "\(i)") }
        _ = await sim.run(for: .seconds(1))
        let order = await sim.events(ofKind: .deliver).map { Int($0.label)! }
        #expect(order.count == 50)
        #expect(order != Array(0..<50))
        #expect(order.sorted() == Array(0..<50))
    }

    @Test("a behaviour's message to a node that does not exist is dropped as .noSuchNode")
    func noSuchNode() async throws {
        struct Shouter: Behaviour {
            var kind: String { "shout" }
            mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
                if case .start = input { context.send(UserMessage(label: "anyone?"), to: NodeID(99)) }
            }
        }
        let sim = Simulation(seed: 1)
        try await sim.spawn([n(1)], kind: "shout", factory: { _, _ in Shouter() })
        let send = try #require(await sim.events(ofKind: .send).first)
        #expect(send.node == n(1) && send.peer == n(99) && send.lamport == 1)
        let drop = try #require(await sim.events(ofKind: .drop).first)
        #expect(drop.dropReason == .noSuchNode && drop.messageParent == send.id && drop.lamport == 1)
        #expect(await sim.pendingCount == 0)
    }
}
