import SandboxCore
@testable import Simulator
import Synchronization
import Testing

/// The forward pass that serves `show trace`, `diagram`, `concurrent` and the exports
/// gives the same vectors as a brute-force causal-past search, on random traces with
/// and without a window, reads each event a bounded number of times whatever the rows
/// asked for, and stops when told.
@Suite("Vector timestamps by one forward pass")
struct ForwardPassTests {
    /// A random trace among 4–6 nodes, with loss, duplication, crashes and restarts.
    static func randomTrace(seed: UInt64) async throws -> TraceStore {
        let count = 4 + Int(seed % 3)
        let nodes = (1...count).map(n)
        let sim = try await makeSimulation(seed: seed, nodes: count, kind: "echo",
                                           latency: .uniform(.microseconds(500), .milliseconds(12)))
        await sim.setLoss(percent(Int(seed % 3) * 5))
        await sim.setDuplication(percent(Int(seed % 2) * 10))
        try await randomWorkload(on: sim, nodes: nodes, steps: 60, script: seed)
        try await sim.crash(nodes[Int(seed) % count])
        try await randomWorkload(on: sim, nodes: nodes.filter { $0 != nodes[Int(seed) % count] }, steps: 40, script: seed + 100)
        try await sim.restart(nodes[Int(seed) % count])
        try await randomWorkload(on: sim, nodes: nodes, steps: 40, script: seed + 200)
        _ = await sim.run(for: .milliseconds(50))
        return await sim.trace
    }

    /// The vector of `id` by searching its causal past through the public parents of
    /// each event: for each node, the largest `sequence` of its process events reached.
    static func bruteForceVector(of id: EventID, in trace: TraceStore) -> VectorTimestamp {
        var seen: Set<EventID> = []
        var stack = [id]
        var maxima: [NodeID: Int] = [:]
        var truncated = false
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            guard let event = trace[next] else {
                truncated = true
                continue
            }
            if event.kind.isProcessEvent, let node = event.node { maxima[node] = max(maxima[node] ?? 0, event.sequence) }
            stack += event.parents
        }
        return VectorTimestamp(maxima, isTruncated: truncated)
    }

    @Test("every kept event's vector equals the brute-force one", arguments: Array(UInt64(1)...24))
    func matchesBruteForce(seed: UInt64) async throws {
        let full = try await Self.randomTrace(seed: seed)
        for window in [nil, 40, 173] as [Int?] {
            var trace = full
            trace.setWindow(window)
            var seen = 0
            let report = trace.forEachVector(from: EventID(trace.firstKeptID), through: trace.lastID!) { event, vector in
                seen += 1
                #expect(vector == Self.bruteForceVector(of: event.id, in: trace), "seed \(seed) window \(window ?? 0) \(event.id)")
            }
            #expect(report.completed && seen == trace.count)
        }
    }

    @Test("vectors(of:) answers any subset, in the order asked", arguments: Array(UInt64(1)...8))
    func subsetInAnyOrder(seed: UInt64) async throws {
        var trace = try await Self.randomTrace(seed: seed)
        trace.setWindow(120)
        var choose = SeededRandom(seed: seed, stream: .auxiliary(7))
        let ids = (0..<15).map { _ in EventID(Int(choose.below(UInt64(trace.nextID.rawValue + 3)))) }
        let vectors = trace.vectors(of: ids)
        for (id, vector) in zip(ids, vectors) {
            #expect(vector == (trace[id] == nil ? nil : Self.bruteForceVector(of: id, in: trace)), "\(id)")
        }
    }

    @Test("the last 100 rows of a long trace cost one pass, not a walk per row")
    func lastRowsReadEachEventAtMostTwice() async throws {
        let sim = try await makeSimulation(seed: 3, nodes: 5, kind: "echo", latency: .uniform(.microseconds(100), .milliseconds(2)))
        try await randomWorkload(on: sim, nodes: (1...5).map(n), steps: 6_000, script: 3)
        _ = await sim.run(for: .milliseconds(20))
        let trace = await sim.trace
        try #require(trace.count > 10_000)
        var rows = 0
        let report = trace.forEachVector(from: EventID(trace.lastID!.rawValue - 99), through: trace.lastID!) { _, _ in rows += 1 }
        #expect(rows == 100 && report.completed)
        // One causal-past walk per row would read about 100 × the trace.
        #expect(report.visitedEvents <= 2 * trace.count)
    }

    @Test("the pass stops when asked, and says so")
    func stopsWhenAsked() async throws {
        let sim = try await makeSimulation(seed: 4, nodes: 5, kind: "echo", latency: .uniform(.microseconds(100), .milliseconds(2)))
        try await randomWorkload(on: sim, nodes: (1...5).map(n), steps: 6_000, script: 4)
        let trace = await sim.trace
        let asked = Mutex(0)
        var rows = 0
        let report = trace.forEachVector(from: EventID(1), through: trace.lastID!,
                                         shouldStop: { asked.withLock { $0 += 1; return $0 >= 2 } }) { _, _ in rows += 1 }
        #expect(!report.completed)
        #expect(rows < trace.count)
        #expect(trace.vectors(of: [trace.lastID!], shouldStop: { true }) == nil)
    }
}

/// `show trace` filters: the newest events a filter matches, and how many older ones.
@Suite("Event filters")
struct EventFilterTests {
    @Test("newest(_:matching:) equals filtering every event by hand", arguments: Array(UInt64(1)...10))
    func newestMatchesHandFiltering(seed: UInt64) async throws {
        let trace = try await ForwardPassTests.randomTrace(seed: seed)
        let events = trace.allEvents
        let span = events.last!.time.microseconds
        var choose = SeededRandom(seed: seed, stream: .auxiliary(9))
        for _ in 0..<20 {
            let nodes = choose.below(2) == 0 ? [] : [n(1 + Int(choose.below(4)))]
            let kinds: [EventKind] = choose.below(2) == 0 ? [] : [[.send, .deliver], [.drop], [.crash, .restart, .spawn]][Int(choose.below(3))]
            let from = choose.below(2) == 0 ? nil : SimTime(microseconds: Int64(choose.below(UInt64(span + 1))))
            let to = choose.below(2) == 0 ? nil : SimTime(microseconds: Int64(choose.below(UInt64(span + 1))))
            let filter = EventFilter(nodes: nodes, kinds: kinds, from: from, to: to)
            let limit = 1 + Int(choose.below(60))
            let matching = events.filter(filter.matches)
            let selection = trace.newest(limit, matching: filter)
            #expect(selection.events == Array(matching.suffix(limit)), "\(filter)")
            #expect(selection.earlierMatching == max(matching.count - limit, 0))
        }
    }

    @Test func theEmptyFilterMatchesEverything() {
        let event = TraceEvent(id: EventID(1), time: .zero, node: nil, kind: .heal)
        #expect(EventFilter().isEmpty && EventFilter().matches(event))
        #expect(!EventFilter(nodes: [n(1)]).matches(event))  // network events have no node
        #expect(EventFilter(kinds: [.heal], to: .zero).matches(event))
        #expect(!EventFilter(from: SimTime(microseconds: 1)).matches(event))
    }
}
