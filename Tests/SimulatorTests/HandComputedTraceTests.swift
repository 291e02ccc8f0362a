import SandboxCore
import Simulator
import Testing

/// Two more traces played through the Simulation API and worked out by hand, with the
/// textbook rules of ``LamportVectorTests``: every local, send and deliver event raises
/// its node's own counter by one; a send carries the value after its increment; a deliver
/// takes max(local, message) + 1 (Lamport) and the element-wise max, then own entry + 1
/// (vector). Drops, duplicates, spawns, faults and settings are not process events: they
/// advance nothing, but they do take event ids, which are worked out by hand too.
@Suite("Hand-computed traces")
struct HandComputedTraceTests {
    /// One expected process event: its id, where, what, and the hand-computed clocks.
    struct Expected {
        let id: Int
        let node: NodeID
        let kind: EventKind
        let label: String
        let lamport: Int
        let vector: [Int]  // dense over n1…nN
        let timeMs: Int64
    }

    /// One expected trace event of any kind: its id, kind and node (nil: network-wide).
    struct Recorded {
        let id: Int
        let kind: EventKind
        let node: Int?
        let label: String?  // nil: not checked (settings whose text is not the point here)

        init(_ id: Int, _ kind: EventKind, _ node: Int?, _ label: String? = nil) {
            self.id = id
            self.kind = kind
            self.node = node
            self.label = label
        }
    }

    // MARK: - Trace A: four processes

    /// Trace A: n1…n4 running "none", latency fixed at 10 ms unless a link override says
    /// otherwise. `#k` is the event id; spawns (#1–#4) and the latency setting (#5) come first.
    ///
    /// ```
    ///  id  P    t   node kind              Lamport                  vector (n1,n2,n3,n4)
    ///  #6  P1   0   n1  local a            1                        (1,0,0,0)
    ///  #7  P2   0   n1  send m1→n2         2                        (2,0,0,0)
    ///  #8  P3   0   n4  local b            1                        (0,0,0,1)
    ///  #9  P4   0   n3  send m2→n4         1                        (0,0,1,0)
    ///  #10 P5   10  n2  deliver m1         max(0,2)+1 = 3           max(0,(2,0,0,0))+e2 = (2,1,0,0)
    ///  #11 P6   10  n4  deliver m2         max(1,1)+1 = 2           max((0,0,0,1),(0,0,1,0))+e4 = (0,0,1,2)
    ///  #12      10  link n2→n3 latency 30 ms
    ///  #13 P7   10  n2  send m3→n3 (slow)  4                        (2,2,0,0)    arrives t=40
    ///  #14      10  link n2→n3 latency 5 ms
    ///  #15 P8   10  n2  send m4→n3 (fast)  5                        (2,3,0,0)    arrives t=15
    ///  #16      10  link n2→n3 reset
    ///  #17 P9   10  n3  local c            2                        (0,0,2,0)
    ///  #18 P10  15  n3  deliver m4         max(2,5)+1 = 6           max((0,0,2,0),(2,3,0,0))+e3 = (2,3,3,0)
    ///  #19 P11  20  n3  send m5→n4         7                        (2,3,4,0)
    ///  #20      20  duplication 100%
    ///  #21 P12  20  n4  send m6→n1         3                        (0,0,1,3)
    ///  #22      20  n4  duplicate m6       (message's: 3)           (0,0,1,3)  — not a process event
    ///  #23      20  duplication 0%
    ///  #24 P13  30  n4  deliver m5         max(3,7)+1 = 8           max((0,0,1,3),(2,3,4,0))+e4 = (2,3,4,4)
    ///  #25 P14  30  n1  deliver m6         max(2,3)+1 = 4           max((2,0,0,0),(0,0,1,3))+e1 = (3,0,1,3)
    ///  #26 P15  30  n1  deliver m6 (dup)   max(4,3)+1 = 5           max((3,0,1,3),(0,0,1,3))+e1 = (4,0,1,3)
    ///  #27      30  partition n1 n2 | n3 n4
    ///  #28 P16  30  n1  send m7→n3         6                        (5,0,1,3)
    ///  #29      30  n1  drop m7 (partitioned)  (message's: 6)       (5,0,1,3)
    ///  #30      30  heal
    ///  #31      30  n2  crash              (n2's current: 5)        (2,3,0,0)
    ///  #32 P17  30  n4  send m8→n2         9                        (2,3,4,5)
    ///  #33 P18  40  n3  deliver m3         max(7,4)+1 = 8           max((2,3,4,0),(2,2,0,0))+e3 = (2,3,5,0)
    ///                                       (m3 overtaken by m4: its vector adds nothing new)
    ///  #34      40  n2  drop m8 (receiver crashed)  (message's: 9)  (2,3,4,5)
    ///  #35      40  n2  restart            (n2's current: 5)
    ///  #36 P19  40  n2  local d            6 (m8 never arrived)     (2,4,0,0)
    ///  #37 P20  40  n3  send m9→n1         9                        (2,3,6,0)
    ///  #38 P21  50  n1  deliver m9         max(6,9)+1 = 10          max((5,0,1,3),(2,3,6,0))+e1 = (6,3,6,3)
    ///  #39 P22  50  n4  local e            10                       (2,3,4,6)
    /// ```
    ///
    /// The chain m1 (n1→n2), m4 (n2→n3), m5 (n3→n4) makes P1 → P13 → P17 → P22: n1's first
    /// event precedes n4's last. The trace's clocks are the driver's instrumentation, not the
    /// node's volatile state, so n2 keeps counting across its crash (P19 is its 4th event).
    static let traceA: [Expected] = [
        Expected(id: 6, node: n(1), kind: .local, label: "a", lamport: 1, vector: [1, 0, 0, 0], timeMs: 0),
        Expected(id: 7, node: n(1), kind: .send, label: "m1", lamport: 2, vector: [2, 0, 0, 0], timeMs: 0),
        Expected(id: 8, node: n(4), kind: .local, label: "b", lamport: 1, vector: [0, 0, 0, 1], timeMs: 0),
        Expected(id: 9, node: n(3), kind: .send, label: "m2", lamport: 1, vector: [0, 0, 1, 0], timeMs: 0),
        Expected(id: 10, node: n(2), kind: .deliver, label: "m1", lamport: 3, vector: [2, 1, 0, 0], timeMs: 10),
        Expected(id: 11, node: n(4), kind: .deliver, label: "m2", lamport: 2, vector: [0, 0, 1, 2], timeMs: 10),
        Expected(id: 13, node: n(2), kind: .send, label: "m3", lamport: 4, vector: [2, 2, 0, 0], timeMs: 10),
        Expected(id: 15, node: n(2), kind: .send, label: "m4", lamport: 5, vector: [2, 3, 0, 0], timeMs: 10),
        Expected(id: 17, node: n(3), kind: .local, label: "c", lamport: 2, vector: [0, 0, 2, 0], timeMs: 10),
        Expected(id: 18, node: n(3), kind: .deliver, label: "m4", lamport: 6, vector: [2, 3, 3, 0], timeMs: 15),
        Expected(id: 19, node: n(3), kind: .send, label: "m5", lamport: 7, vector: [2, 3, 4, 0], timeMs: 20),
        Expected(id: 21, node: n(4), kind: .send, label: "m6", lamport: 3, vector: [0, 0, 1, 3], timeMs: 20),
        Expected(id: 24, node: n(4), kind: .deliver, label: "m5", lamport: 8, vector: [2, 3, 4, 4], timeMs: 30),
        Expected(id: 25, node: n(1), kind: .deliver, label: "m6", lamport: 4, vector: [3, 0, 1, 3], timeMs: 30),
        Expected(id: 26, node: n(1), kind: .deliver, label: "m6", lamport: 5, vector: [4, 0, 1, 3], timeMs: 30),
        Expected(id: 28, node: n(1), kind: .send, label: "m7", lamport: 6, vector: [5, 0, 1, 3], timeMs: 30),
        Expected(id: 32, node: n(4), kind: .send, label: "m8", lamport: 9, vector: [2, 3, 4, 5], timeMs: 30),
        Expected(id: 33, node: n(3), kind: .deliver, label: "m3", lamport: 8, vector: [2, 3, 5, 0], timeMs: 40),
        Expected(id: 36, node: n(2), kind: .local, label: "d", lamport: 6, vector: [2, 4, 0, 0], timeMs: 40),
        Expected(id: 37, node: n(3), kind: .send, label: "m9", lamport: 9, vector: [2, 3, 6, 0], timeMs: 40),
        Expected(id: 38, node: n(1), kind: .deliver, label: "m9", lamport: 10, vector: [6, 3, 6, 3], timeMs: 50),
        Expected(id: 39, node: n(4), kind: .local, label: "e", lamport: 10, vector: [2, 3, 4, 6], timeMs: 50),
    ]

    /// Every event of trace A, process events or not, by id.
    static let traceARecorded: [Recorded] = [
        Recorded(1, .spawn, 1, "none"), Recorded(2, .spawn, 2, "none"), Recorded(3, .spawn, 3, "none"),
        Recorded(4, .spawn, 4, "none"), Recorded(5, .network, nil),
        Recorded(6, .local, 1, "a"), Recorded(7, .send, 1, "m1"), Recorded(8, .local, 4, "b"),
        Recorded(9, .send, 3, "m2"), Recorded(10, .deliver, 2, "m1"), Recorded(11, .deliver, 4, "m2"),
        Recorded(12, .network, nil), Recorded(13, .send, 2, "m3"), Recorded(14, .network, nil),
        Recorded(15, .send, 2, "m4"), Recorded(16, .network, nil), Recorded(17, .local, 3, "c"),
        Recorded(18, .deliver, 3, "m4"), Recorded(19, .send, 3, "m5"), Recorded(20, .network, nil),
        Recorded(21, .send, 4, "m6"), Recorded(22, .duplicate, 4, "m6"), Recorded(23, .network, nil),
        Recorded(24, .deliver, 4, "m5"), Recorded(25, .deliver, 1, "m6"), Recorded(26, .deliver, 1, "m6"),
        Recorded(27, .partition, nil, "n1 n2 | n3 n4"), Recorded(28, .send, 1, "m7"), Recorded(29, .drop, 1, "m7"),
        Recorded(30, .heal, nil), Recorded(31, .crash, 2), Recorded(32, .send, 4, "m8"),
        Recorded(33, .deliver, 3, "m3"), Recorded(34, .drop, 2, "m8"), Recorded(35, .restart, 2),
        Recorded(36, .local, 2, "d"), Recorded(37, .send, 3, "m9"), Recorded(38, .deliver, 1, "m9"),
        Recorded(39, .local, 4, "e"),
    ]

    /// Concurrent pairs of trace A (Pi ∥ Pj, i < j). Pi → Pj exactly when Pi's own entry is
    /// covered by Pj's vector; going event by event, the later events that do not cover it:
    /// - P1, P2 (n1 before m6): ∥ P3, P4, P6, P9, P12 — n3's and n4's events before they hear
    ///   of n1 (through m4 at P10 and m5 at P13).
    /// - P3 (n4's first): ∥ P4, P5, P7–P11, P18–P20 — n2 and n3 never hear from n4 (m8 is lost
    ///   to the crash), and n1 only through m6.
    /// - P4 (n3's first): ∥ P5, P7, P8, P19 — n2 never hears from n3.
    /// - P5 (n2's first): ∥ P6, P9, P12, P14–P16 — n1 hears from n2 only at P21, n4 at P13.
    /// - P6: ∥ P7–P11, P18–P20 — n2 and n3 never hear from n4.
    /// - P7, P8: ∥ P9, P12, P14–P16.
    /// - P9, P10, P11: ∥ P12, P14–P16, P19.
    /// - P12 (m6's send): ∥ P18–P20.
    /// - P13: ∥ P14–P16, P18–P21 — only n4's later P17, P22 follow it.
    /// - P14, P15, P16: ∥ P17–P20, P22 — only n1's P21 follows them (m7 was dropped).
    /// - P17: ∥ P18–P21 (m8 was lost). P18: ∥ P19, P22. P19: ∥ P20–P22. P20: ∥ P22. P21: ∥ P22.
    static let traceAConcurrentPairs: Set<[Int]> = [
        [1, 3], [1, 4], [1, 6], [1, 9], [1, 12],
        [2, 3], [2, 4], [2, 6], [2, 9], [2, 12],
        [3, 4], [3, 5], [3, 7], [3, 8], [3, 9], [3, 10], [3, 11], [3, 18], [3, 19], [3, 20],
        [4, 5], [4, 7], [4, 8], [4, 19],
        [5, 6], [5, 9], [5, 12], [5, 14], [5, 15], [5, 16],
        [6, 7], [6, 8], [6, 9], [6, 10], [6, 11], [6, 18], [6, 19], [6, 20],
        [7, 9], [7, 12], [7, 14], [7, 15], [7, 16],
        [8, 9], [8, 12], [8, 14], [8, 15], [8, 16],
        [9, 12], [9, 14], [9, 15], [9, 16], [9, 19],
        [10, 12], [10, 14], [10, 15], [10, 16], [10, 19],
        [11, 12], [11, 14], [11, 15], [11, 16], [11, 19],
        [12, 18], [12, 19], [12, 20],
        [13, 14], [13, 15], [13, 16], [13, 18], [13, 19], [13, 20], [13, 21],
        [14, 17], [14, 18], [14, 19], [14, 20], [14, 22],
        [15, 17], [15, 18], [15, 19], [15, 20], [15, 22],
        [16, 17], [16, 18], [16, 19], [16, 20], [16, 22],
        [17, 18], [17, 19], [17, 20], [17, 21],
        [18, 19], [18, 22],
        [19, 20], [19, 21], [19, 22],
        [20, 22],
        [21, 22],
    ]

    /// Plays trace A (see ``traceA``).
    static func playTraceA() async throws -> Simulation {
        let sim = try await makeSimulation(seed: 7, nodes: 4, latency: .fixed(.milliseconds(10)))
        // t = 0
        try await sim.local(n(1), label: "a")
        try await sim.send(from: n(1), to: n(2), label: "m1")
        try await sim.local(n(4), label: "b")
        try await sim.send(from: n(3), to: n(4), label: "m2")
        _ = await sim.run(for: .milliseconds(10))
        // t = 10 ms: m3 slow, m4 fast on n2 → n3, so m4 overtakes m3.
        try await sim.overrideLink(n(2), n(3), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(30))))
        try await sim.send(from: n(2), to: n(3), label: "m3")
        try await sim.overrideLink(n(2), n(3), oneWay: true, with: LinkOverride(latency: .fixed(.milliseconds(5))))
        try await sim.send(from: n(2), to: n(3), label: "m4")
        try await sim.resetLink(n(2), n(3), oneWay: true)
        try await sim.local(n(3), label: "c")
        _ = await sim.run(for: .milliseconds(10))
        // t = 20 ms: the chain goes on to n4; m6 is duplicated.
        try await sim.send(from: n(3), to: n(4), label: "m5")
        await sim.setDuplication(percent(100))
        try await sim.send(from: n(4), to: n(1), label: "m6")
        await sim.setDuplication(.zero)
        _ = await sim.run(for: .milliseconds(10))
        // t = 30 ms: m7 partitioned; n2 crashes before m8 reaches it.
        try await sim.partition([[n(1), n(2)], [n(3), n(4)]])
        try await sim.send(from: n(1), to: n(3), label: "m7")
        await sim.heal()
        try await sim.crash(n(2))
        try await sim.send(from: n(4), to: n(2), label: "m8")
        _ = await sim.run(for: .milliseconds(10))
        // t = 40 ms
        try await sim.restart(n(2))
        try await sim.local(n(2), label: "d")
        try await sim.send(from: n(3), to: n(1), label: "m9")
        _ = await sim.run(for: .milliseconds(10))
        // t = 50 ms
        try await sim.local(n(4), label: "e")
        return sim
    }

    // MARK: - Trace B: three processes, a pause

    /// Trace B: n1…n3 running "none", latency fixed at 10 ms. Spawns #1–#3, latency #4.
    /// n1's chain (x, a1) and n3's chain (y, b1, z, b2: a local event between two sends) run
    /// concurrently and merge at n1 (b2) and at n2. n2 is paused from t=0 for 25 ms: a1 and
    /// b1 (due t=10) and a2 (due t=20) wait, and are delivered in arrival order at the
    /// resume, before b3, which is due at that same instant but was sent later.
    ///
    /// ```
    ///  id  Q    t   node kind              Lamport                  vector (n1,n2,n3)
    ///  #5  Q1   0   n1  local x            1                        (1,0,0)
    ///  #6  Q2   0   n1  send a1→n2         2                        (2,0,0)
    ///  #7  Q3   0   n3  local y            1                        (0,0,1)
    ///  #8       0   n2  pause for 25 ms    (n2's current: 0)
    ///  #9  Q4   0   n3  send b1→n2         2                        (0,0,2)
    ///  #10 Q5   0   n3  local z            3                        (0,0,3)
    ///  #11 Q6   0   n3  send b2→n1         4                        (0,0,4)
    ///           10  a1, b1 reach paused n2: they wait (no event)
    ///  #12 Q7   10  n1  deliver b2         max(2,4)+1 = 5           max((2,0,0),(0,0,4))+e1 = (3,0,4)
    ///  #13 Q8   10  n1  send a2→n2         6                        (4,0,4)
    ///  #14 Q9   15  n3  send b3→n2         5                        (0,0,5)      due t=25
    ///  #15 Q10  15  n1  local w            7                        (5,0,4)
    ///           20  a2 reaches paused n2: it waits
    ///  #16      25  n2  resume (3 inputs waited)   (n2's current: 0)
    ///  #17 Q11  25  n2  deliver a1         max(0,2)+1 = 3           max((0,0,0),(2,0,0))+e2 = (2,1,0)
    ///  #18 Q12  25  n2  deliver b1         max(3,2)+1 = 4           max((2,1,0),(0,0,2))+e2 = (2,2,2)
    ///  #19 Q13  25  n2  deliver a2         max(4,6)+1 = 7           max((2,2,2),(4,0,4))+e2 = (4,3,4)
    ///  #20 Q14  25  n2  deliver b3         max(7,5)+1 = 8           max((4,3,4),(0,0,5))+e2 = (4,4,5)
    ///  #21 Q15  30  n2  send c1→n3         9                        (4,5,5)
    ///  #22 Q16  30  n3  local v            6                        (0,0,6)
    ///  #23 Q17  40  n3  deliver c1         max(6,9)+1 = 10          max((0,0,6),(4,5,5))+e3 = (4,5,7)
    ///  #24 Q18  40  n1  local u            8                        (6,0,4)
    /// ```
    static let traceB: [Expected] = [
        Expected(id: 5, node: n(1), kind: .local, label: "x", lamport: 1, vector: [1, 0, 0], timeMs: 0),
        Expected(id: 6, node: n(1), kind: .send, label: "a1", lamport: 2, vector: [2, 0, 0], timeMs: 0),
        Expected(id: 7, node: n(3), kind: .local, label: "y", lamport: 1, vector: [0, 0, 1], timeMs: 0),
        Expected(id: 9, node: n(3), kind: .send, label: "b1", lamport: 2, vector: [0, 0, 2], timeMs: 0),
        Expected(id: 10, node: n(3), kind: .local, label: "z", lamport: 3, vector: [0, 0, 3], timeMs: 0),
        Expected(id: 11, node: n(3), kind: .send, label: "b2", lamport: 4, vector: [0, 0, 4], timeMs: 0),
        Expected(id: 12, node: n(1), kind: .deliver, label: "b2", lamport: 5, vector: [3, 0, 4], timeMs: 10),
        Expected(id: 13, node: n(1), kind: .send, label: "a2", lamport: 6, vector: [4, 0, 4], timeMs: 10),
        Expected(id: 14, node: n(3), kind: .send, label: "b3", lamport: 5, vector: [0, 0, 5], timeMs: 15),
        Expected(id: 15, node: n(1), kind: .local, label: "w", lamport: 7, vector: [5, 0, 4], timeMs: 15),
        Expected(id: 17, node: n(2), kind: .deliver, label: "a1", lamport: 3, vector: [2, 1, 0], timeMs: 25),
        Expected(id: 18, node: n(2), kind: .deliver, label: "b1", lamport: 4, vector: [2, 2, 2], timeMs: 25),
        Expected(id: 19, node: n(2), kind: .deliver, label: "a2", lamport: 7, vector: [4, 3, 4], timeMs: 25),
        Expected(id: 20, node: n(2), kind: .deliver, label: "b3", lamport: 8, vector: [4, 4, 5], timeMs: 25),
        Expected(id: 21, node: n(2), kind: .send, label: "c1", lamport: 9, vector: [4, 5, 5], timeMs: 30),
        Expected(id: 22, node: n(3), kind: .local, label: "v", lamport: 6, vector: [0, 0, 6], timeMs: 30),
        Expected(id: 23, node: n(3), kind: .deliver, label: "c1", lamport: 10, vector: [4, 5, 7], timeMs: 40),
        Expected(id: 24, node: n(1), kind: .local, label: "u", lamport: 8, vector: [6, 0, 4], timeMs: 40),
    ]

    /// Every event of trace B, process events or not, by id.
    static let traceBRecorded: [Recorded] = [
        Recorded(1, .spawn, 1, "none"), Recorded(2, .spawn, 2, "none"), Recorded(3, .spawn, 3, "none"),
        Recorded(4, .network, nil),
        Recorded(5, .local, 1, "x"), Recorded(6, .send, 1, "a1"), Recorded(7, .local, 3, "y"),
        Recorded(8, .pause, 2), Recorded(9, .send, 3, "b1"), Recorded(10, .local, 3, "z"),
        Recorded(11, .send, 3, "b2"), Recorded(12, .deliver, 1, "b2"), Recorded(13, .send, 1, "a2"),
        Recorded(14, .send, 3, "b3"), Recorded(15, .local, 1, "w"), Recorded(16, .resume, 2, "3 inputs waited"),
        Recorded(17, .deliver, 2, "a1"), Recorded(18, .deliver, 2, "b1"), Recorded(19, .deliver, 2, "a2"),
        Recorded(20, .deliver, 2, "b3"), Recorded(21, .send, 2, "c1"), Recorded(22, .local, 3, "v"),
        Recorded(23, .deliver, 3, "c1"), Recorded(24, .local, 1, "u"),
    ]

    /// Concurrent pairs of trace B (Qi ∥ Qj, i < j), event by event:
    /// - Q1, Q2 (n1's chain): ∥ Q3–Q6, Q9, Q16 — n3 never hears from n1 except through c1 (Q17).
    /// - Q3, Q4 (n3's chain up to b1): ∥ Q11 — n2's first deliver (a1) knows only n1.
    /// - Q5, Q6 (z, b2): ∥ Q11, Q12 — n2 hears of them only with a2 (Q13), through n1.
    /// - Q7, Q8 (n1 after b2): ∥ Q9, Q11, Q12, Q16 — n2 learns of them at a2 (Q13).
    /// - Q9 (b3's send): ∥ Q10–Q13, Q18 — it reaches n2 at Q14, never n1.
    /// - Q10 (w): ∥ Q11–Q17 — only n1's Q18 follows it.
    /// - Q11–Q15 (n2 after the pause): ∥ Q16, Q18. Q16: ∥ Q18. Q17: ∥ Q18.
    static let traceBConcurrentPairs: Set<[Int]> = [
        [1, 3], [1, 4], [1, 5], [1, 6], [1, 9], [1, 16],
        [2, 3], [2, 4], [2, 5], [2, 6], [2, 9], [2, 16],
        [3, 11], [4, 11],
        [5, 11], [5, 12], [6, 11], [6, 12],
        [7, 9], [7, 11], [7, 12], [7, 16],
        [8, 9], [8, 11], [8, 12], [8, 16],
        [9, 10], [9, 11], [9, 12], [9, 13], [9, 18],
        [10, 11], [10, 12], [10, 13], [10, 14], [10, 15], [10, 16], [10, 17],
        [11, 16], [11, 18], [12, 16], [12, 18], [13, 16], [13, 18], [14, 16], [14, 18], [15, 16], [15, 18],
        [16, 18], [17, 18],
    ]

    /// Plays trace B (see ``traceB``).
    static func playTraceB() async throws -> Simulation {
        let sim = try await makeSimulation(seed: 11, nodes: 3, latency: .fixed(.milliseconds(10)))
        // t = 0
        try await sim.local(n(1), label: "x")
        try await sim.send(from: n(1), to: n(2), label: "a1")
        try await sim.local(n(3), label: "y")
        try await sim.pause(n(2), for: .milliseconds(25))
        try await sim.send(from: n(3), to: n(2), label: "b1")
        try await sim.local(n(3), label: "z")
        try await sim.send(from: n(3), to: n(1), label: "b2")
        _ = await sim.run(for: .milliseconds(10))
        // t = 10 ms
        try await sim.send(from: n(1), to: n(2), label: "a2")
        _ = await sim.run(for: .milliseconds(5))
        // t = 15 ms
        try await sim.send(from: n(3), to: n(2), label: "b3")
        try await sim.local(n(1), label: "w")
        _ = await sim.run(for: .milliseconds(15))
        // t = 30 ms
        try await sim.send(from: n(2), to: n(3), label: "c1")
        try await sim.local(n(3), label: "v")
        _ = await sim.run(for: .milliseconds(10))
        // t = 40 ms
        try await sim.local(n(1), label: "u")
        return sim
    }

    // MARK: - Shared checks

    static func nodes(_ count: Int) -> [NodeID] { (1...count).map(n) }

    /// The process events' ids, kinds, places, times, Lamport values, vectors and sequences.
    static func checkProcessEvents(_ trace: TraceStore, _ expected: [Expected], prefix: String, nodes: [NodeID]) throws {
        let process = trace.allEvents.filter(\.kind.isProcessEvent)
        try #require(process.count == expected.count)
        var ownCount: [NodeID: Int] = [:]
        for (index, (event, want)) in zip(process, expected).enumerated() {
            let name = "\(prefix)\(index + 1)"
            #expect(event.id == EventID(want.id), "\(name) id")
            #expect(event.node == want.node, "\(name) node")
            #expect(event.kind == want.kind, "\(name) kind")
            #expect(event.label == want.label, "\(name) label")
            #expect(event.time == time(ms: want.timeMs), "\(name) time")
            #expect(event.lamport == want.lamport, "\(name) Lamport")
            let vector = trace.vector(of: event.id)
            #expect(dense(vector, over: nodes) == want.vector, "\(name) vector")
            #expect(vector?.isTruncated == false, "\(name) truncated")
            ownCount[want.node, default: 0] += 1
            #expect(event.sequence == ownCount[want.node], "\(name) sequence")
            #expect(want.vector[want.node.rawValue - 1] == ownCount[want.node], "\(name) hand vector's own entry")
        }
    }

    /// Every event's id, kind, node and (where given) label.
    static func checkRecorded(_ trace: TraceStore, _ expected: [Recorded]) throws {
        let all = trace.allEvents
        try #require(all.count == expected.count)
        for (event, want) in zip(all, expected) {
            #expect(event.id == EventID(want.id))
            #expect(event.kind == want.kind, "#\(want.id) kind")
            #expect(event.node == want.node.map(n), "#\(want.id) node")
            if let label = want.label { #expect(event.label == label, "#\(want.id) label") }
        }
    }

    /// `allVectors()` gives the hand vectors for process events and agrees with `vector(of:)`
    /// for every event.
    static func checkAllVectors(_ trace: TraceStore, _ expected: [Expected], prefix: String, nodes: [NodeID]) throws {
        let forward = trace.allVectors()
        let all = trace.allEvents
        try #require(forward.count == all.count)
        for (index, event) in all.enumerated() {
            #expect(event.id == EventID(index + 1))
            #expect(forward[index] == trace.vector(of: event.id), "#\(event.id.rawValue) allVectors vs vector(of:)")
        }
        for (index, want) in expected.enumerated() {
            #expect(dense(forward[want.id - 1], over: nodes) == want.vector, "\(prefix)\(index + 1) allVectors")
        }
    }

    /// `concurrentPairs(among:)` over every process event equals the hand list.
    static func checkConcurrentPairs(_ trace: TraceStore, _ expected: [Expected], _ hand: Set<[Int]>, prefix: String) {
        let ids = trace.allEvents.filter(\.kind.isProcessEvent).map(\.id)
        var position: [EventID: Int] = [:]
        for (index, want) in expected.enumerated() { position[EventID(want.id)] = index + 1 }
        // Shuffled input and the non-process events mixed in: the answer must not depend on them.
        let pairs = trace.concurrentPairs(among: ids.reversed() + trace.allEvents.map(\.id).filter { !ids.contains($0) })
        let found = pairs.map { pair in [position[pair.0] ?? -1, position[pair.1] ?? -1] }
        #expect(found.count == hand.count, "\(prefix) pair count")
        #expect(Set(found).count == found.count, "\(prefix) no pair twice")
        #expect(pairs.allSatisfy { $0.0 < $0.1 }, "\(prefix) pairs in id order")
        let extra = Set(found).subtracting(hand).sorted { $0.lexicographicallyPrecedes($1) }
        let missing = hand.subtracting(found).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(extra.isEmpty, "\(prefix) pairs found but not in the hand list: \(extra)")
        #expect(missing.isEmpty, "\(prefix) pairs in the hand list but not found: \(missing)")
    }

    /// The hand list and the hand vectors tell the same story (guards the test data).
    static func derivedPairs(_ expected: [Expected]) -> Set<[Int]> {
        var derived: Set<[Int]> = []
        for i in expected.indices {
            for j in expected.indices where j > i {
                let a = expected[i], b = expected[j]
                let aBeforeB = a.vector[a.node.rawValue - 1] <= b.vector[a.node.rawValue - 1]
                let bBeforeA = b.vector[b.node.rawValue - 1] <= a.vector[b.node.rawValue - 1]
                if !aBeforeB && !bBeforeA { derived.insert([i + 1, j + 1]) }
            }
        }
        return derived
    }

    static func ids(_ numbers: [Int], in expected: [Expected]) -> [EventID] {
        numbers.map { EventID(expected[$0 - 1].id) }
    }

    // MARK: - Trace A tests

    @Test("trace A: every process event's id, Lamport value and vector")
    func traceAClocks() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        try Self.checkProcessEvents(trace, Self.traceA, prefix: "P", nodes: Self.nodes(4))
    }

    @Test("trace A: every event id, spawns and settings included")
    func traceAIDs() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        try Self.checkRecorded(trace, Self.traceARecorded)
        #expect(trace.nextID == EventID(40))
    }

    @Test("trace A: allVectors() agrees")
    func traceAAllVectors() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        try Self.checkAllVectors(trace, Self.traceA, prefix: "P", nodes: Self.nodes(4))
    }

    @Test("trace A: the concurrent pairs are exactly the hand list")
    func traceAConcurrent() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        #expect(Self.derivedPairs(Self.traceA) == Self.traceAConcurrentPairs)
        Self.checkConcurrentPairs(trace, Self.traceA, Self.traceAConcurrentPairs, prefix: "trace A")
    }

    @Test("trace A: order(_:_:) both ways")
    func traceAOrder() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        let p = Self.ids(Array(1...22), in: Self.traceA)
        func check(_ i: Int, _ j: Int, _ forward: CausalOrder, _ backward: CausalOrder) {
            #expect(trace.order(p[i - 1], p[j - 1]) == forward, "P\(i) vs P\(j)")
            #expect(trace.order(p[j - 1], p[i - 1]) == backward, "P\(j) vs P\(i)")
        }
        check(1, 22, .before, .after)      // the chain m1, m4, m5
        check(1, 13, .before, .after)
        check(7, 10, .before, .after)      // m3's send precedes m4's deliver (same sender, earlier)
        check(10, 18, .before, .after)     // m4 delivered before the m3 it overtook
        check(14, 15, .before, .after)     // the two deliveries of m6
        check(12, 15, .before, .after)     // the duplicate's deliver follows the one send
        check(16, 18, .concurrent, .concurrent)  // m7 was dropped by the partition
        check(17, 19, .concurrent, .concurrent)  // m8 was lost to the crash
        check(13, 21, .concurrent, .concurrent)
        check(3, 20, .concurrent, .concurrent)
        check(20, 21, .before, .after)     // m9
        #expect(trace.order(p[5], p[5]) == .same)
        // Drops, duplicates and faults have no place in happens-before.
        #expect(trace.order(EventID(29), p[0]) == nil)
        #expect(trace.order(p[0], EventID(22)) == nil)
        #expect(trace.order(EventID(31), EventID(34)) == nil)
    }

    @Test("trace A: causal past of P13 and P21")
    func traceACausalPast() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        // P13 (#24, n4 deliver m5), vector (2,3,4,4): n1's P1–P2, n2's P5, P7, P8,
        // n3's P4, P9–P11, n4's P3, P6, P12 (itself excluded).
        #expect(trace.causalPast(of: EventID(24)) == [6, 7, 8, 9, 10, 11, 13, 15, 17, 18, 19, 21].map(EventID.init))
        #expect(trace.causalPast(of: EventID(24)) == Self.ids([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], in: Self.traceA))
        // P21 (#38, n1 deliver m9), vector (6,3,6,3): n1's P1, P2, P14–P16, n2's P5, P7, P8,
        // n3's P4, P9–P11, P18, P20, n4's P3, P6, P12.
        #expect(trace.causalPast(of: EventID(38))
                == [6, 7, 8, 9, 10, 11, 13, 15, 17, 18, 19, 21, 25, 26, 28, 33, 37].map(EventID.init))
    }

    @Test("trace A: drops and the duplicate carry the message's clocks and advance nothing")
    func traceAMessageEvents() async throws {
        let sim = try await Self.playTraceA()
        let trace = await sim.trace
        let nodes = Self.nodes(4)

        // #22: m6 duplicated at its sender n4, with the send's Lamport 3 and vector.
        let duplicate = try #require(trace[EventID(22)])
        #expect(duplicate.kind == .duplicate && duplicate.label == "m6")
        #expect(duplicate.node == n(4) && duplicate.peer == n(1))
        #expect(duplicate.lamport == 3 && duplicate.sequence == 0)
        #expect(duplicate.messageParent == EventID(21))
        #expect(dense(trace.vector(of: EventID(22)), over: nodes) == [0, 0, 1, 3])
        // Both delivers of m6 are process events at n1 with the same send parent.
        let m6 = trace.allEvents.filter { $0.kind == .deliver && $0.label == "m6" }
        #expect(m6.map(\.id) == [EventID(25), EventID(26)])
        #expect(m6.map(\.messageParent) == [EventID(21), EventID(21)])
        #expect(m6.map(\.node) == [n(1), n(1)])
        // n4's next event after the duplicate, P13 (#24), is max(3, 7) + 1 = 8: no trace of it.
        #expect(trace[EventID(24)]?.lamport == 8)
        #expect(trace[EventID(24)]?.localParent == EventID(21))

        // #29: m7 dropped by the partition at its sender n1, Lamport 6 of the send.
        let m7 = try #require(trace[EventID(29)])
        #expect(m7.kind == .drop && m7.label == "m7" && m7.dropReason == .partitioned)
        #expect(m7.node == n(1) && m7.peer == n(3) && m7.time == time(ms: 30))
        #expect(m7.lamport == 6 && m7.sequence == 0 && m7.messageParent == EventID(28))
        #expect(dense(trace.vector(of: EventID(29)), over: nodes) == [5, 0, 1, 3])
        // n1's next event, P21 (#38), follows P16 directly: n1's entry 6, Lamport max(6, 9) + 1.
        #expect(trace[EventID(38)]?.localParent == EventID(28))
        #expect(trace[EventID(38)]?.lamport == 10 && trace[EventID(38)]?.sequence == 6)
        // n3 never saw m7: its next event P18 (#33) has n1's entry 2, from m1 through m4.
        #expect(trace.vector(of: EventID(33))?[n(1)] == 2)

        // #31: n2 crashes, showing its current Lamport 5 and hanging from P8.
        let crash = try #require(trace[EventID(31)])
        #expect(crash.kind == .crash && crash.node == n(2) && crash.lamport == 5 && crash.localParent == EventID(15))
        #expect(dense(trace.vector(of: EventID(31)), over: nodes) == [2, 3, 0, 0])
        // #34: m8 lost to the crashed receiver n2, at arrival time, with the send's Lamport 9.
        let m8 = try #require(trace[EventID(34)])
        #expect(m8.kind == .drop && m8.label == "m8" && m8.dropReason == .receiverCrashed)
        #expect(m8.node == n(2) && m8.peer == n(4) && m8.time == time(ms: 40))
        #expect(m8.lamport == 9 && m8.sequence == 0 && m8.messageParent == EventID(32))
        #expect(dense(trace.vector(of: EventID(34)), over: nodes) == [2, 3, 4, 5])
        // #35: restart advances nothing; n2's next event P19 (#36) is Lamport 6 = 5 + 1, not
        // max(5, 9) + 1, and has n4's entry 0.
        #expect(trace[EventID(35)]?.kind == .restart && trace[EventID(35)]?.lamport == 5)
        #expect(trace[EventID(36)]?.lamport == 6 && trace[EventID(36)]?.localParent == EventID(15))
        #expect(trace[EventID(36)]?.messageParent == nil)

        #expect(await sim.droppedMessages == 2)
        let reports = await sim.nodeReports()
        #expect(reports.map(\.lamport) == [10, 6, 9, 10])
        #expect(reports.map(\.processEvents) == [6, 4, 6, 6])
        #expect(reports.map(\.status) == [.up, .up, .up, .up])
    }

    // MARK: - Trace B tests

    @Test("trace B: every process event's id, Lamport value and vector")
    func traceBClocks() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        try Self.checkProcessEvents(trace, Self.traceB, prefix: "Q", nodes: Self.nodes(3))
    }

    @Test("trace B: every event id, spawns and the pause included")
    func traceBIDs() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        try Self.checkRecorded(trace, Self.traceBRecorded)
        #expect(trace.nextID == EventID(25))
    }

    @Test("trace B: allVectors() agrees")
    func traceBAllVectors() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        try Self.checkAllVectors(trace, Self.traceB, prefix: "Q", nodes: Self.nodes(3))
    }

    @Test("trace B: the concurrent pairs are exactly the hand list")
    func traceBConcurrent() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        #expect(Self.derivedPairs(Self.traceB) == Self.traceBConcurrentPairs)
        Self.checkConcurrentPairs(trace, Self.traceB, Self.traceBConcurrentPairs, prefix: "trace B")
    }

    @Test("trace B: order(_:_:) both ways")
    func traceBOrder() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        let q = Self.ids(Array(1...18), in: Self.traceB)
        func check(_ i: Int, _ j: Int, _ forward: CausalOrder, _ backward: CausalOrder) {
            #expect(trace.order(q[i - 1], q[j - 1]) == forward, "Q\(i) vs Q\(j)")
            #expect(trace.order(q[j - 1], q[i - 1]) == backward, "Q\(j) vs Q\(i)")
        }
        check(1, 17, .before, .after)      // n1's chain reaches n3 through n2 and c1
        check(3, 7, .before, .after)       // n3's chain merges into n1 at b2
        check(2, 11, .before, .after)      // a1, delivered late but still a1
        check(9, 14, .before, .after)      // b3
        check(5, 13, .before, .after)      // z reaches n2 only through n1 (b2, then a2)
        check(1, 3, .concurrent, .concurrent)    // the two chains
        check(5, 12, .concurrent, .concurrent)   // b1 was sent before z
        check(9, 13, .concurrent, .concurrent)
        check(10, 17, .concurrent, .concurrent)
        check(16, 18, .concurrent, .concurrent)
        #expect(trace.order(q[0], q[0]) == .same)
        // The pause and the resume are not process events.
        #expect(trace.order(EventID(8), q[0]) == nil)
        #expect(trace.order(q[10], EventID(16)) == nil)
    }

    @Test("trace B: causal past of Q13 and Q18")
    func traceBCausalPast() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        // Q13 (#19, n2 deliver a2), vector (4,3,4): n1's Q1, Q2, Q7, Q8, n2's Q11, Q12,
        // n3's Q3–Q6.
        #expect(trace.causalPast(of: EventID(19)) == [5, 6, 7, 9, 10, 11, 12, 13, 17, 18].map(EventID.init))
        // Q18 (#24, n1 local u), vector (6,0,4): n1's Q1, Q2, Q7, Q8, Q10, n3's Q3–Q6.
        #expect(trace.causalPast(of: EventID(24)) == [5, 6, 7, 9, 10, 11, 12, 13, 15].map(EventID.init))
        #expect(trace.causalPast(of: EventID(24)) == Self.ids([1, 2, 3, 4, 5, 6, 7, 8, 10], in: Self.traceB))
    }

    @Test("trace B: the pause delays deliveries and advances nothing")
    func traceBPause() async throws {
        let sim = try await Self.playTraceB()
        let trace = await sim.trace
        // Pause and resume show n2's Lamport 0 and hang from nothing: n2 had no process event yet.
        for id in [8, 16] {
            let event = try #require(trace[EventID(id)])
            #expect(event.node == n(2) && event.lamport == 0 && event.sequence == 0 && event.localParent == nil)
            #expect(trace.vector(of: event.id)?.entries.isEmpty == true)
        }
        #expect(trace[EventID(8)]?.time == .zero)
        #expect(trace[EventID(16)]?.time == time(ms: 25))
        // While n2 was paused nothing was recorded for the arrivals at t = 10 and t = 20.
        #expect(trace.allEvents.filter { $0.node == n(2) && $0.time > .zero && $0.time < time(ms: 25) }.isEmpty)
        // The waiting messages come in arrival order, then b3; each points at its send.
        let delivers = trace.allEvents.filter { $0.kind == .deliver && $0.node == n(2) }
        #expect(delivers.map(\.label) == ["a1", "b1", "a2", "b3"])
        #expect(delivers.map(\.messageParent) == [6, 9, 13, 14].map { Optional(EventID($0)) })
        #expect(delivers.map(\.localParent) == [nil, EventID(17), EventID(18), EventID(19)])
        #expect(trace.allEvents.filter { $0.kind == .drop || $0.kind == .duplicate }.isEmpty)
        #expect(await sim.droppedMessages == 0)
        let reports = await sim.nodeReports()
        #expect(reports.map(\.lamport) == [8, 9, 10])
        #expect(reports.map(\.processEvents) == [6, 5, 7])
    }
}
