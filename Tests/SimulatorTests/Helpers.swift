import ProtocolKit
import Protocols
import SandboxCore
import Simulator
import Testing

/// `n(3)` reads like the `n3` of commands and output.
func n(_ raw: Int) -> NodeID { NodeID(raw) }

func time(ms milliseconds: Int64) -> SimTime { SimTime(microseconds: milliseconds * 1_000) }

func percent(_ value: Int) -> Probability { Probability(partsPerMillion: value * 10_000) }

/// Spawns `kind` (a `BehaviourCatalog` name) on the given nodes.
func spawn(_ nodes: [NodeID], kind: String, in simulation: Simulation) async throws {
    let entry = try #require(ProtocolRegistry.standard.descriptor(named: kind))
    try await simulation.spawn(nodes, kind: entry.name, factory: entry.make)
}

/// A simulation with nodes n1…n`count` running `kind`, and optionally a network latency.
func makeSimulation(seed: UInt64 = 1, nodes count: Int, kind: String = "none",
                    latency: LatencyModel? = nil) async throws -> Simulation {
    let simulation = Simulation(seed: seed)
    try await spawn((1...count).map(NodeID.init), kind: kind, in: simulation)
    if let latency { await simulation.setLatency(latency) }
    return simulation
}

extension Simulation {
    /// The trace's events, oldest first.
    var allEvents: [TraceEvent] { trace.allEvents }

    /// Events of one kind, oldest first.
    func events(ofKind kind: EventKind) -> [TraceEvent] { trace.allEvents.filter { $0.kind == kind } }
}

/// A vector timestamp written densely over `nodes`, as textbooks do: `[2, 0, 1]`.
func dense(_ vector: VectorTimestamp?, over nodes: [NodeID]) -> [Int]? {
    guard let vector else { return nil }
    return nodes.map { vector[$0] }
}

/// Records the sends in an effect list as (receiver, label, payload type) for comparison.
struct SentMessage: Equatable, CustomStringConvertible {
    let to: NodeID
    let label: String
    let type: String
    var description: String { "\(type)(\(label)) -> \(to)" }
}

func sends(in effects: [Effect]) -> [SentMessage] {
    effects.compactMap { effect in
        guard case .send(let to, let payload) = effect else { return nil }
        return SentMessage(to: to, label: payload.label, type: String(describing: type(of: payload)))
    }
}

/// A behaviour for timer tests: a message `arm LOCAL_MICROSECONDS` arms the timer `tick`
/// for that many microseconds of the node's own clock; `cancel` disarms it.
struct TimerProbe: Behaviour {
    var kind: String { "probe" }
    mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        guard case .message(_, let payload) = input else { return }
        let words = payload.label.split(separator: " ")
        if words.first == "arm", words.count == 2, let micros = Int64(words[1]) {
            context.setTimer("tick", after: .microseconds(micros))
        } else if words.first == "cancel" {
            context.cancelTimer("tick")
        }
    }
}

func spawnTimerProbes(_ nodes: [NodeID], in simulation: Simulation) async throws {
    try await simulation.spawn(nodes, kind: "probe", factory: { _, _ in TimerProbe() })
}

/// A pseudo-random workload for trace and determinism tests: the choices come from
/// `script`'s own seed, independent of the simulation's.
func randomWorkload(on simulation: Simulation, nodes: [NodeID], steps: Int, script: UInt64) async throws {
    var choose = SeededRandom(seed: script, stream: .auxiliary(1))
    for step in 0..<steps {
        let roll = choose.below(10)
        let node = nodes[Int(choose.below(UInt64(nodes.count)))]
        if roll < 2 {
            try await simulation.local(node, label: "l\(step)")
        } else if roll < 8 {
            var peer = nodes[Int(choose.below(UInt64(nodes.count)))]
            if peer == node { peer = nodes[(nodes.firstIndex(of: node)! + 1) % nodes.count] }
            try await simulation.send(from: node, to: peer, label: "m\(step)")
        } else {
            _ = await simulation.run(for: .microseconds(choose.inRange(0...8_000)))
        }
    }
}
