import SandboxCore
import Simulator
import Testing

/// Textbook logical clocks (Lamport 1978; Fidge/Mattern 1988): every local, send and
/// receive event increments the node's own counter; a send carries the value after its
/// increment; a receive takes max(local, message) + 1 (Lamport) or the element-wise max
/// and then own entry + 1 (vector). Drops are not process events and advance nothing.
@Suite("Lamport and vector clocks")
struct LamportVectorTests {
    /// One expected process event: where, what, and the hand-computed clocks.
    struct Expected {
        let node: NodeID
        let kind: EventKind
        let label: String
        let lamport: Int
        let vector: [Int]  // over n1, n2, n3
        let timeMs: Int64
    }

    /// The hand-built trace. Latency is fixed at 10 ms unless a link override says otherwise.
    ///
    /// ```
    /// t=0   P1  n1 local a        L=1                         V=(1,0,0)
    ///       P2  n1 send m1→n2     L=2                         V=(2,0,0)
    ///       P3  n3 local b        L=1                         V=(0,0,1)
    /// t=10  P4  n2 recv m1        L=max(0,2)+1=3              V=max((0,0,0),(2,0,0))+e2=(2,1,0)
    ///       P5  n2 send m2→n3     L=4                         V=(2,2,0)
    ///       P6  n3 send m3→n1     L=2                         V=(0,0,2)
    /// t=20  P7  n3 recv m2        L=max(2,4)+1=5              V=max((0,0,2),(2,2,0))+e3=(2,2,3)
    ///       P8  n1 recv m3        L=max(2,2)+1=3              V=max((2,0,0),(0,0,2))+e1=(3,0,2)
    ///   link n1→n2 30 ms
    ///       P9  n1 send m4→n2     L=4                         V=(4,0,2)
    ///   link n1→n2 5 ms
    ///       P10 n1 send m5→n2     L=5                         V=(5,0,2)
    ///       P11 n2 local c        L=5                         V=(2,3,0)
    /// t=25  P12 n2 recv m5        L=max(5,5)+1=6              V=max((2,3,0),(5,0,2))+e2=(5,4,2)
    /// t=50  P13 n2 recv m4        L=max(6,4)+1=7  (m4 overtaken by m5)  V=(5,5,2)
    ///   duplication 100%
    ///       P14 n3 send m6→n2     L=6                         V=(2,2,4)
    /// t=60  P15 n2 recv m6        L=max(7,6)+1=8              V=max((5,5,2),(2,2,4))+e2=(5,6,4)
    ///       P16 n2 recv m6 (dup)  L=max(8,6)+1=9              V=(5,7,4)
    ///   partition {n1} | {n2,n3}
    ///       P17 n2 send m7→n1     L=10  V=(5,8,4)   — dropped: partitioned
    ///       P18 n2 send m8→n3     L=11  V=(5,9,4)
    ///   heal, loss 100%
    ///       P19 n1 send m9→n3     L=6   V=(6,0,2)   — dropped: loss
    ///       P20 n3 local e        L=7 (m9 never arrived)      V=(2,2,5)
    /// t=70  P21 n3 recv m8        L=max(7,11)+1=12            V=max((2,2,5),(5,9,4))+e3=(5,9,6)
    ///       P22 n1 local d        L=7 (m7 never arrived)      V=(7,0,2)
    /// ```
    static let expected: [Expected] = [
        Expected(node: n(1), kind: .local, label: "a", lamport: 1, vector: [1, 0, 0], timeMs: 0),
        Expected(node: n(1), kind: .send, label: "m1", lamport: 2, vector: [2, 0, 0], timeMs: 0),
        Expected(node: n(3), kind: .local, label: "b", lamport: 1, vector: [0, 0, 1], timeMs: 0),
        Expected(node: n(2), kind: .deliver, label: "m1", lamport: 3, vector: [2, 1, 0], timeMs: 10),
        Expected(node: n(2), kind: .send, label: "m2", lamport: 4, vector: [2, 2, 0], timeMs: 10),
        Expected(node: n(3), kind: .send, label: "m3", lamport: 2, vector: [0, 0, 2], timeMs: 10),
        Expected(node: n(3), kind: .deliver, label: "m2", lamport: 5, vector: [2, 2, 3], timeMs: 20),
        Expected(node: n(1), kind: .deliver, label: "m3", lamport: 3, vector: [3, 0, 2], timeMs: 20),
        Expected(node: n(1), kind: .send, label: "m4", lamport: 4, vector: [4, 0, 2], timeMs: 20),
        Expected(node: n(1), kind: .send, label: "m5", lamport: 5, vector: [5, 0, 2], timeMs: 20),
        Expected(node: n(2), kind: .local, label: "c", lamport: 5, vector: [2, 3, 0], timeMs: 20),
        Expected(node: n(2), kind: .deliver, label: "m5", lamport: 6, vector: [5, 4, 2], timeMs: 25),
        Expected(node: n(2), kind: .deliver, label: "m4", lamport: 7, vector: [5, 5, 2], timeMs: 50),
        Expected(node: n(3), kind: .send, label: "m6", lamport: 6, vector: [2, 2, 4], timeMs: 50),
        Expected(node: n(2), kind: .deliver, label: "m6", lamport: 8, vector: [5, 6, 4], timeMs: 60),
        Expected(node: n(2), kind: .deliver, label: "m6", lamport: 9, vector: [5, 7, 4], timeMs: 60),
        Expected(node: n(2), kind: .send, label: "m7", lamport: 10, vector: [5, 8, 4], timeMs: 60),
        Expected(node: n(2), kind: .send, label: "m8", lamport: 11, vector: [5, 9, 4], timeMs: 60),
        Expected(node: n(1), kind: .send, label: "m9", lamport: 6, vector: [6, 0, 2], timeMs: 60),
        Expected(node: n(3), kind: .local, label: "e", lamport: 7, vector: [2, 2, 5], timeMs: 60),
        Expected(node: n(3), kind: .deliver, label: "m8", lamport: 12, vector: [5, 9, 6], timeMs: 70),
        Expected(node: n(1), kind: .local, label: "d", lamport: 7, vector: [7, 0, 2], timeMs: 70),
    ]

    /// Concurrent pairs (Pi ∥ Pj, i < j), read off the space-time diagram:
    /// - P1, P2 ∥ P3, P6: n1's first events reach n3 only through m2 (P7), and n3's reach
    ///   n1 only through m3 (P8).
    /// - P3, P6 ∥ P4, P5, P11 (P3 → P6): n3's early events reach n2 only through m6 (P15).
    /// - n1 never hears from n2 (m7 is dropped), so every n2 event from P4 on is concurrent
    ///   with every n1 event from P8 on, except that P8–P10 precede P12 onwards (m5, m4).
    /// - n1 hears nothing from n3 after m3, and n3 hears of P8–P10 only at P21 (via m8):
    ///   P7, P14, P20 ∥ P8, P9, P10, P19, P22, and P21 ∥ P19, P22.
    /// - Between n2 and n3 after m2: P7, P14 ∥ P11–P13 (m6 arrives at P15), and
    ///   P20 ∥ P11–P18 (m8 arrives at P21).
    static let concurrentPairs: Set<[Int]> = [
        [1, 3], [1, 6],
        [2, 3], [2, 6],
        [3, 4], [3, 5], [3, 11],
        [4, 6], [4, 8], [4, 9], [4, 10], [4, 19], [4, 22],
        [5, 6], [5, 8], [5, 9], [5, 10], [5, 19], [5, 22],
        [6, 11],
        [7, 8], [7, 9], [7, 10], [7, 11], [7, 12], [7, 13], [7, 19], [7, 22],
        [8, 11], [8, 14], [8, 20],
        [9, 11], [9, 14], [9, 20],
        [10, 11], [10, 14], [10, 20],
        [11, 14], [11, 19], [11, 20], [11, 22],
        [12, 14], [12, 19], [12, 20], [12, 22],
        [13, 14], [13, 19], [13, 20], [13, 22],
        [14, 19], [14, 22],
        [15, 19], [15, 20], [15, 22],
        [16, 19], [16, 20], [16, 22],
        [17, 19], [17, 20], [17, 22],
        [18, 19], [18, 20], [18, 22],
        [19, 20], [19, 21],
        [20, 22],
        [21, 22],
    ]

    /// Plays the scenario of ``expected`` through the Simulation API.
    static func playScenario() async throws -> Simulation {
        let sim = try await makeSimulation(seed: 42, nodes: 3, latency: .fixed(.milliseconds(10)))
        // t = 0
        try await sim.local(n(1), label: "a")
        try await sim.send(from: n(1), to: n(2), label: "m1")
        try await sim.local(n(3), label: "b")
        _ = await sim.run(for: .milliseconds(10))
        // t = 10 ms
        try await sim.send(from: n(2), to: n(3), label: "m2")
        try await sim.send(from: n(3), to: n(1), label: "m3")
        _ = await sim.run(for: .milliseconds(10))
        // t = 20 ms: m4 slow, m5 fast, on the same direction n1 → n2.
        try await sim.overrideLink(n(1), n(2), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(30))))
        try await sim.send(from: n(1), to: n(2), label: "m4")
        try await sim.overrideLink(n(1), n(2), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(5))))
        try await sim.send(from: n(1), to: n(2), label: "m5")
        try await sim.local(n(2), label: "c")
        _ = await sim.run(for: .milliseconds(30))
        try await sim.resetLink(n(1), n(2), oneWay: true)
        // t = 50 ms: every message duplicated.
        await sim.setDuplication(percent(100))
        try await sim.send(from: n(3), to: n(2), label: "m6")
        _ = await sim.run(for: .milliseconds(10))
        await sim.setDuplication(.zero)
        // t = 60 ms: m7 partitioned, m9 lost.
        try await sim.partition([[n(1)], [n(2), n(3)]])
        try await sim.send(from: n(2), to: n(1), label: "m7")
        try await sim.send(from: n(2), to: n(3), label: "m8")
        await sim.heal()
        await sim.setLoss(percent(100))
        try await sim.send(from: n(1), to: n(3), label: "m9")
        await sim.setLoss(.zero)
        try await sim.local(n(3), label: "e")
        _ = await sim.run(for: .milliseconds(10))
        // t = 70 ms
        try await sim.local(n(1), label: "d")
        return sim
    }

    @Test("hand-computed Lamport values and vector timestamps")
    func handComputedClocks() async throws {
        let sim = try await Self.playScenario()
        let trace = await sim.trace
        let process = trace.allEvents.filter(\.kind.isProcessEvent)
        try #require(process.count == Self.expected.count)
        let nodes = [n(1), n(2), n(3)]
        var ownCount: [NodeID: Int] = [:]
        for (index, (event, want)) in zip(process, Self.expected).enumerated() {
            let name = "P\(index + 1)"
            #expect(event.node == want.node, "\(name)")
            #expect(event.kind == want.kind, "\(name)")
            #expect(event.label == want.label, "\(name)")
            #expect(event.time == time(ms: want.timeMs), "\(name)")
            #expect(event.lamport == want.lamport, "\(name) Lamport")
            let vector = trace.vector(of: event.id)
            #expect(dense(vector, over: nodes) == want.vector, "\(name) vector")
            #expect(vector?.isTruncated == false)
            // The event's own vector entry is its sequence number at its node.
            ownCount[want.node, default: 0] += 1
            #expect(event.sequence == ownCount[want.node], "\(name) sequence")
        }
    }

    @Test("every pair of process events is ordered as the hand analysis says")
    func everyPair() async throws {
        let sim = try await Self.playScenario()
        let trace = await sim.trace
        let ids = trace.allEvents.filter(\.kind.isProcessEvent).map(\.id)
        try #require(ids.count == Self.expected.count)
        var concurrentFound = 0
        for i in ids.indices {
            #expect(trace.order(ids[i], ids[i]) == .same)
            for j in ids.indices where j > i {
                let pair = [i + 1, j + 1]
                if Self.concurrentPairs.contains(pair) {
                    concurrentFound += 1
                    #expect(trace.order(ids[i], ids[j]) == .concurrent, "P\(i + 1) ∥ P\(j + 1)")
                    #expect(trace.order(ids[j], ids[i]) == .concurrent, "P\(j + 1) ∥ P\(i + 1)")
                } else {
                    // Not concurrent and recorded earlier: it must happen before.
                    #expect(trace.order(ids[i], ids[j]) == .before, "P\(i + 1) → P\(j + 1)")
                    #expect(trace.order(ids[j], ids[i]) == .after, "P\(j + 1) ← P\(i + 1)")
                }
            }
        }
        #expect(concurrentFound == Self.concurrentPairs.count)
    }

    /// The hand list and the hand vectors must tell the same story (guards the test data).
    @Test("the hand list of concurrent pairs matches the hand vectors")
    func handDataConsistent() {
        let vectors = Self.expected.map(\.vector)
        func precedesOrEqual(_ a: [Int], _ b: [Int]) -> Bool { zip(a, b).allSatisfy { $0 <= $1 } }
        var derived: Set<[Int]> = []
        for i in vectors.indices {
            for j in vectors.indices where j > i {
                if !precedesOrEqual(vectors[i], vectors[j]) && !precedesOrEqual(vectors[j], vectors[i]) {
                    derived.insert([i + 1, j + 1])
                }
            }
        }
        #expect(derived == Self.concurrentPairs)
    }

    @Test("drops and duplicates carry the message's clocks and advance nothing")
    func messageEvents() async throws {
        let sim = try await Self.playScenario()
        let trace = await sim.trace
        let nodes = [n(1), n(2), n(3)]

        let drops = trace.allEvents.filter { $0.kind == .drop }
        try #require(drops.count == 2)
        // m7: dropped by the partition at its sender n2; it carries the send's Lamport 10.
        #expect(drops[0].label == "m7")
        #expect(drops[0].dropReason == .partitioned)
        #expect(drops[0].node == n(2) && drops[0].peer == n(1))
        #expect(drops[0].lamport == 10)
        #expect(drops[0].sequence == 0)
        #expect(dense(trace.vector(of: drops[0].id), over: nodes) == [5, 8, 4])
        // m9: lost; Lamport 6 of n1's send.
        #expect(drops[1].label == "m9")
        #expect(drops[1].dropReason == .loss)
        #expect(drops[1].lamport == 6)
        #expect(dense(trace.vector(of: drops[1].id), over: nodes) == [6, 0, 2])
        // A drop has no place in happens-before.
        #expect(trace.order(drops[0].id, drops[1].id) == nil)

        let duplicates = trace.allEvents.filter { $0.kind == .duplicate }
        try #require(duplicates.count == 1)
        #expect(duplicates[0].label == "m6")
        #expect(duplicates[0].lamport == 6)
        #expect(dense(trace.vector(of: duplicates[0].id), over: nodes) == [2, 2, 4])

        // Both deliveries of m6 point at the same send.
        let m6 = trace.allEvents.filter { $0.kind == .deliver && $0.label == "m6" }
        try #require(m6.count == 2)
        let m6Send = try #require(trace.allEvents.first { $0.kind == .send && $0.label == "m6" })
        #expect(m6[0].messageParent == m6Send.id && m6[1].messageParent == m6Send.id)

        // The node reports agree with the last events: n1 Lamport 7, n2 11, n3 12.
        let reports = await sim.nodeReports()
        #expect(reports.map(\.lamport) == [7, 11, 12])
        #expect(reports.map(\.processEvents) == [7, 9, 6])
    }

    @Test("the simulation counts the two drops")
    func dropCount() async throws {
        let sim = try await Self.playScenario()
        #expect(await sim.droppedMessages == 2)
    }
}
