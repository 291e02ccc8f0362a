import SandboxCore
import Simulator
import Testing

/// `n(3)` reads like the `n3` of commands and output.
func n(_ raw: Int) -> NodeID { NodeID(raw) }

func e(_ raw: Int) -> EventID { EventID(raw) }

func ms(_ milliseconds: Int64) -> SimTime { SimTime(microseconds: milliseconds * 1_000) }

/// One hand-written trace event; the id is given so the fixture reads like the diagram.
func event(_ id: Int, at time: Int64, _ node: NodeID?, _ kind: EventKind, peer: NodeID? = nil,
           lamport: Int = 0, sequence: Int = 0, local: Int? = nil, message: Int? = nil,
           label: String = "", reason: DropReason? = nil) -> TraceEvent {
    TraceEvent(id: e(id), time: ms(time), node: node, kind: kind, peer: peer, wallClock: time * 1_000,
               lamport: lamport, sequence: sequence, localParent: local.map(e), messageParent: message.map(e),
               label: label, dropReason: reason)
}

/// A three-node trace built by hand, with every clock worked out on paper.
///
/// ```
///  id   t(ms) node  what                                  L                 V over (n1,n2,n3)
///  e1   0     n1    spawn                                 0                 (0,0,0)
///  e2   0     n2    spawn                                 0                 (0,0,0)
///  e3   0     n3    spawn                                 0                 (0,0,0)
///  e4   0     n1    local a                               1                 (1,0,0)
///  e5   0     n1    send m1 → n2                          2                 (2,0,0)
///  e6   0     n3    local b                               1                 (0,0,1)
///  e7   10    n2    deliver m1 (sent e5)                  max(0,2)+1 = 3    max(0,(2,0,0)) + n2 = (2,1,0)
///  e8   10    n2    send m2 → n3                          4                 (2,2,0)
///  e9   10    n3    send m3 → n1                          2                 (0,0,2)
///  e10  10    n2    send m4 → n1                          5                 (2,3,0)
///  e11  10    n2    drop m4 to n1: partitioned            5 (the message's) (2,3,0) (its send's)
///  e12  20    n3    deliver m2 (sent e8)                  max(2,4)+1 = 5    max((0,0,2),(2,2,0)) + n3 = (2,2,3)
///  e13  20    n1    deliver m3 (sent e9)                  max(2,2)+1 = 3    max((2,0,0),(0,0,2)) + n1 = (3,0,2)
///  e14  25    net   partition n1 | n2 n3                  —                 —
///  e15  30    n1    timer tick                            4                 (4,0,2)
///  e16  30    n1    send m5 → n3                          5                 (5,0,2)
///  e17  40    n3    drop m5 from n1: receiver crashed     5 (the message's) (5,0,2) (its send's)
/// ```
///
/// Against e7 (n2 receives m1, V = (2,1,0)): e4 and e5 happen before it (their own
/// entries 1, 2 ≤ V(e7)[n1] = 2); e8, e10 and e12 after it (V[n2] ≥ 1); e6, e9, e13,
/// e15 and e16 are concurrent with it (V[n2] = 0 and own entry > V(e7)'s).
enum ThreeNodeTrace {
    static let nodes = [n(1), n(2), n(3)]

    static let events: [TraceEvent] = [
        event(1, at: 0, n(1), .spawn, label: "none"),
        event(2, at: 0, n(2), .spawn, label: "none"),
        event(3, at: 0, n(3), .spawn, label: "none"),
        event(4, at: 0, n(1), .local, lamport: 1, sequence: 1, label: "a"),
        event(5, at: 0, n(1), .send, peer: n(2), lamport: 2, sequence: 2, local: 4, label: "m1"),
        event(6, at: 0, n(3), .local, lamport: 1, sequence: 1, label: "b"),
        event(7, at: 10, n(2), .deliver, peer: n(1), lamport: 3, sequence: 1, message: 5, label: "m1"),
        event(8, at: 10, n(2), .send, peer: n(3), lamport: 4, sequence: 2, local: 7, label: "m2"),
        event(9, at: 10, n(3), .send, peer: n(1), lamport: 2, sequence: 2, local: 6, label: "m3"),
        event(10, at: 10, n(2), .send, peer: n(1), lamport: 5, sequence: 3, local: 8, label: "m4"),
        event(11, at: 10, n(2), .drop, peer: n(1), lamport: 5, message: 10, label: "m4", reason: .partitioned),
        event(12, at: 20, n(3), .deliver, peer: n(2), lamport: 5, sequence: 3, local: 9, message: 8, label: "m2"),
        event(13, at: 20, n(1), .deliver, peer: n(3), lamport: 3, sequence: 3, local: 5, message: 9, label: "m3"),
        event(14, at: 25, nil, .partition, label: "n1 | n2 n3"),
        event(15, at: 30, n(1), .timer, lamport: 4, sequence: 4, local: 13, label: "tick"),
        event(16, at: 30, n(1), .send, peer: n(3), lamport: 5, sequence: 5, local: 15, label: "m5"),
        event(17, at: 40, n(3), .drop, peer: n(1), lamport: 5, message: 16, label: "m5", reason: .receiverCrashed),
    ]

    /// The vectors above, by event id, over (n1, n2, n3).
    static let vectors: [Int: [Int]] = [
        1: [0, 0, 0], 2: [0, 0, 0], 3: [0, 0, 0],
        4: [1, 0, 0], 5: [2, 0, 0], 6: [0, 0, 1],
        7: [2, 1, 0], 8: [2, 2, 0], 9: [0, 0, 2], 10: [2, 3, 0], 11: [2, 3, 0],
        12: [2, 2, 3], 13: [3, 0, 2],
        15: [4, 0, 2], 16: [5, 0, 2], 17: [5, 0, 2],
    ]

    static var trace: TraceStore {
        var trace = TraceStore()
        for event in events { trace.append(event) }
        return trace
    }
}

/// A behaviour that does nothing: nodes for traces driven by hand through a Simulation.
struct Idle: Behaviour {
    var kind: String { "idle" }
    mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {}
}

/// A simulation of `count` idle nodes with fixed 10 ms links.
func idleSimulation(nodes count: Int, seed: UInt64 = 7) async throws -> Simulation {
    let simulation = Simulation(seed: seed)
    try await simulation.spawn((1...count).map(NodeID.init), kind: "idle", factory: { _, _ in Idle() })
    await simulation.setLatency(.fixed(.milliseconds(10)))
    return simulation
}
