import SandboxCore
import Simulator
import Testing

/// On random traces, the vector timestamps derived by walking the causal past
/// (`vector(of:)`), by the forward pass (`allVectors()`) and by a textbook vector clock
/// replayed here from the events must all agree, and happens-before must be graph
/// reachability.
@Suite("Causality on random traces")
struct CausalityPropertyTests {
    /// A random trace among 4–6 nodes with jittery latency, some loss and duplication.
    static func randomTrace(seed: UInt64, steps: Int = 120) async throws -> TraceStore {
        let count = 4 + Int(seed % 3)
        let sim = try await makeSimulation(seed: seed, nodes: count,
                                           latency: .uniform(.microseconds(500), .milliseconds(12)))
        if seed % 2 == 0 {
            await sim.setLoss(percent(10))
            await sim.setDuplication(percent(10))
        }
        try await randomWorkload(on: sim, nodes: (1...count).map(n), steps: steps, script: seed)
        _ = await sim.run(for: .milliseconds(50))
        return await sim.trace
    }

    @Test("allVectors() equals vector(of:) for every event", arguments: Array(UInt64(1)...40))
    func forwardPassMatchesWalk(seed: UInt64) async throws {
        let trace = try await Self.randomTrace(seed: seed)
        let events = trace.allEvents
        let forward = trace.allVectors()
        try #require(forward.count == events.count)
        for (event, vector) in zip(events, forward) {
            #expect(trace.vector(of: event.id) == vector, "\(event.id) \(event.kind)")
        }
    }

    /// The textbook rule, replayed from the trace: own entry +1 per process event, a
    /// delivery merges the vector of its send. Lamport: +1, a delivery takes the max with
    /// the send's value first.
    @Test("vectors and Lamport values follow the textbook rules", arguments: Array(UInt64(1)...20))
    func textbookReplay(seed: UInt64) async throws {
        let trace = try await Self.randomTrace(seed: seed)
        var nodeVector: [NodeID: [NodeID: Int]] = [:]
        var nodeLamport: [NodeID: Int] = [:]
        var vectorOf: [EventID: [NodeID: Int]] = [:]
        var lamportOf: [EventID: Int] = [:]
        var sendOf: [EventID: TraceEvent] = [:]
        for event in trace.allEvents where event.kind.isProcessEvent {
            let node = try #require(event.node)
            var vector = nodeVector[node] ?? [:]
            var lamport = nodeLamport[node] ?? 0
            if event.kind == .deliver {
                let sendID = try #require(event.messageParent)
                let send = try #require(sendOf[sendID])
                // The delivery belongs to a send from its peer to it, with the same label.
                #expect(send.node == event.peer && send.peer == event.node && send.label == event.label)
                #expect(send.time < event.time)
                vector.merge(try #require(vectorOf[sendID])) { max($0, $1) }
                lamport = max(lamport, try #require(lamportOf[sendID]))
            } else {
                #expect(event.messageParent == nil)
            }
            vector[node, default: 0] += 1
            lamport += 1
            #expect(event.sequence == vector[node])
            #expect(event.lamport == lamport, "\(event.id)")
            #expect(trace.vector(of: event.id) == VectorTimestamp(vector), "\(event.id)")
            nodeVector[node] = vector
            nodeLamport[node] = lamport
            vectorOf[event.id] = vector
            lamportOf[event.id] = lamport
            if event.kind == .send { sendOf[event.id] = event }
        }
    }

    /// Lamport's clock condition: a → b implies L(a) < L(b); and `order` is exactly
    /// reachability along local and message edges.
    @Test("order() is reachability in the event graph; Lamport respects it", arguments: Array(UInt64(1)...6))
    func orderIsReachability(seed: UInt64) async throws {
        // order() walks both causal pasts for each of the O(n²) pairs: keep n modest.
        let trace = try await Self.randomTrace(seed: seed, steps: 50)
        let process = trace.allEvents.filter(\.kind.isProcessEvent)
        let position = Dictionary(uniqueKeysWithValues: process.enumerated().map { ($1.id, $0) })
        // ancestors[i]: process events from which process[i] is reachable (itself excluded).
        var ancestors: [Set<Int>] = []
        for event in process {
            var set = Set<Int>()
            for parent in event.parents {
                let p = try #require(position[parent])
                set.insert(p)
                set.formUnion(ancestors[p])
            }
            ancestors.append(set)
        }
        var counts = (before: 0, concurrent: 0)
        for j in process.indices {
            for i in process.indices where i < j {
                let before = ancestors[j].contains(i)
                if before { counts.before += 1 } else { counts.concurrent += 1 }
                let order = trace.order(process[i].id, process[j].id)
                #expect(order == (before ? .before : .concurrent), "\(process[i].id) vs \(process[j].id)")
                if before { #expect(process[i].lamport < process[j].lamport) }
            }
        }
        // The trace is rich enough to have both kinds of pair.
        #expect(counts.before > 100 && counts.concurrent > 100)
    }

    @Test("non-process events carry the vector of the event they hang from")
    func nonProcessVectors() async throws {
        let trace = try await Self.randomTrace(seed: 8)
        for event in trace.allEvents where !event.kind.isProcessEvent {
            let vector = trace.vector(of: event.id)
            if let parent = event.messageParent ?? event.localParent {
                #expect(vector == trace.vector(of: parent))
            } else {
                #expect(vector == VectorTimestamp([:]))
            }
            #expect(event.sequence == 0)
        }
    }

    @Test("with a window, both derivations still agree on the entries they can see")
    func windowedTraces() async throws {
        for seed in UInt64(1)...5 {
            let count = 5
            let sim = try await makeSimulation(seed: seed, nodes: count,
                                               latency: .uniform(.microseconds(500), .milliseconds(12)))
            await sim.setTraceWindow(150)
            try await randomWorkload(on: sim, nodes: (1...count).map(n), steps: 200, script: seed)
            let trace = await sim.trace
            #expect(trace.count == 150)
            #expect(trace.isTruncated)
            let forward = trace.allVectors()
            for (event, vector) in zip(trace.allEvents, forward) {
                let walked = try #require(trace.vector(of: event.id))
                #expect(walked.entries.map(\.node) == vector.entries.map(\.node), "\(event.id)")
                #expect(walked.entries.map(\.count) == vector.entries.map(\.count), "\(event.id)")
            }
            #expect(trace.vector(of: EventID(1)) == nil)
            #expect(trace.wasForgotten(EventID(1)))
        }
    }
}
