import SandboxCore

/// The echo workload both loops run, so that their figures compare like with like.
///
/// Nodes `n1…nN` run the echo behaviour. The workload goes in rounds: in each round every
/// node sends `fanout` messages, each to a peer other than itself drawn from one seeded
/// stream, and the loop then runs two latencies of virtual time, so that every message
/// is delivered and its echo reply comes back. Every send thus makes two deliveries;
/// in the kernel it also makes four trace events (send, deliver, reply send, deliver).
struct EchoWorkload: Sendable {
    /// The session seed; both loops draw the same peers from it.
    static let seed: UInt64 = 42
    /// The fixed one-way latency of every link.
    static let latency = SimDuration.milliseconds(1)
    /// How many trace events the kernel run must record at least.
    static let tracedEventTarget = 1_000_000
    /// About how many messages a round sends, so small clusters still batch their work.
    static let sendsPerRoundTarget = 1_000

    let nodes: Int
    /// Messages each node sends per round.
    let fanout: Int
    let rounds: Int

    /// The workload for `nodes` nodes, sized so that the kernel records at least
    /// ``tracedEventTarget`` events (setup records `nodes` spawns and one setting).
    init(nodes: Int) {
        precondition(nodes >= 2, "an echo workload needs at least two nodes")
        self.nodes = nodes
        self.fanout = max(1, (Self.sendsPerRoundTarget + nodes - 1) / nodes)
        let setupEvents = nodes + 1
        let eventsPerRound = 4 * nodes * fanout
        self.rounds = (Self.tracedEventTarget - setupEvents + eventsPerRound - 1) / eventsPerRound
    }

    var sendsPerRound: Int { nodes * fanout }
    var totalSends: Int { sendsPerRound * rounds }
    /// Each send is delivered once and its echo reply once.
    var expectedDeliveries: Int { 2 * totalSends }
    /// Virtual time per round: there and back.
    var roundDuration: SimDuration { Self.latency + Self.latency }

    /// The node ids, `n1…nN`.
    var ids: [NodeID] { (1...nodes).map { NodeID($0) } }

    /// A fresh peer stream; each loop takes its own copy and draws the same sequence.
    func makePeerPicker() -> PeerPicker { PeerPicker(nodes: nodes) }
}

/// Draws, for a sender, a random peer other than itself (indices are 0-based).
struct PeerPicker: Sendable {
    private var random = SeededRandom(seed: EchoWorkload.seed, stream: .auxiliary(1))
    private let bound: UInt64

    init(nodes: Int) { bound = UInt64(nodes - 1) }

    @inline(__always)
    mutating func peer(of sender: Int) -> Int {
        let draw = Int(random.below(bound))
        return draw >= sender ? draw + 1 : draw
    }
}

/// Message labels as a user would type them (`m1`, `m2`, …), made once so neither loop
/// spends its time formatting strings. All are short enough to be stored inline.
enum MessageLabels {
    static let table: [String] = (1...1024).map { "m\($0)" }

    @inline(__always)
    static func label(_ index: Int) -> String { table[index & 1023] }
}
