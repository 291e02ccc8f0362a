import ProtocolKit
import Protocols
import SandboxCore
import Simulator
import Testing

/// Behaviours are pure state machines, tested by calling `handle` directly.
@Suite("Basic behaviours")
struct BasicBehaviourTests {
    private let members = (1...4).map(n)

    private func context(at node: NodeID) -> BehaviourContext {
        BehaviourContext(me: node, members: members, wallClock: 0, monotonicClock: 0, random: SeededRandom(seed: 1))
    }

    private func handle<B: Behaviour>(_ behaviour: inout B, _ input: BehaviourInput, at node: NodeID) -> [Effect] {
        var context = context(at: node)
        behaviour.handle(input, context: &context)
        return context.effects
    }

    // MARK: - Echo

    @Test("echo replies 'echo LABEL' to the sender of a message")
    func echoReplies() {
        var echo = EchoBehaviour()
        let effects = handle(&echo, .message(from: n(3), payload: UserMessage(label: "hi")), at: n(2))
        #expect(effects.count == 1)
        #expect(sends(in: effects) == [SentMessage(to: n(3), label: "echo hi", type: "Reply")])
        guard case .send(_, let payload) = effects.first, let reply = payload as? EchoBehaviour.Reply else {
            Issue.record("not a Reply")
            return
        }
        #expect(reply.original == "hi")
    }

    @Test("echo replies to any non-reply payload, including rumours")
    func echoRepliesToOtherPayloads() {
        var echo = EchoBehaviour()
        let effects = handle(&echo, .message(from: n(1), payload: FloodBehaviour.Rumour(label: "r")), at: n(2))
        #expect(sends(in: effects) == [SentMessage(to: n(1), label: "echo r", type: "Reply")])
    }

    @Test("echo never replies to a reply, a start or a timer")
    func echoIgnoresReplies() {
        var echo = EchoBehaviour()
        #expect(handle(&echo, .message(from: n(1), payload: EchoBehaviour.Reply(original: "hi")), at: n(2)).isEmpty)
        #expect(handle(&echo, .start, at: n(2)).isEmpty)
        #expect(handle(&echo, .timer(name: "t"), at: n(2)).isEmpty)
        #expect(echo.kind == "echo")
    }

    // MARK: - Flood

    @Test("flood re-broadcasts a new rumour once to every other member")
    func floodBroadcasts() {
        var flood = FloodBehaviour()
        let effects = handle(&flood, .message(from: n(3), payload: FloodBehaviour.Rumour(label: "r")), at: n(2))
        // Every member but itself, the sender included, in member order.
        #expect(sends(in: effects) == [n(1), n(3), n(4)].map { SentMessage(to: $0, label: "r", type: "Rumour") })
        #expect(flood.seen == ["r"])
    }

    @Test("flood ignores repeats of a rumour, whoever sends them")
    func floodIgnoresRepeats() {
        var flood = FloodBehaviour()
        _ = handle(&flood, .message(from: n(3), payload: FloodBehaviour.Rumour(label: "r")), at: n(2))
        #expect(handle(&flood, .message(from: n(3), payload: FloodBehaviour.Rumour(label: "r")), at: n(2)).isEmpty)
        #expect(handle(&flood, .message(from: n(4), payload: FloodBehaviour.Rumour(label: "r")), at: n(2)).isEmpty)
        // A plain message with the same label is the same rumour.
        #expect(handle(&flood, .message(from: n(1), payload: UserMessage(label: "r")), at: n(2)).isEmpty)
        // Another rumour spreads.
        #expect(sends(in: handle(&flood, .message(from: n(4), payload: FloodBehaviour.Rumour(label: "s")), at: n(2))).count == 3)
        #expect(flood.seen == ["r", "s"])
    }

    @Test("a plain message starts a rumour with its label")
    func floodStartsRumours() {
        var flood = FloodBehaviour()
        let effects = handle(&flood, .message(from: n(2), payload: UserMessage(label: "news")), at: n(1))
        #expect(sends(in: effects) == [n(2), n(3), n(4)].map { SentMessage(to: $0, label: "news", type: "Rumour") })
    }

    @Test("flood ignores start and timers")
    func floodIgnoresOthers() {
        var flood = FloodBehaviour()
        #expect(handle(&flood, .start, at: n(1)).isEmpty)
        #expect(handle(&flood, .timer(name: "t"), at: n(1)).isEmpty)
        #expect(flood.seen.isEmpty)
    }

    @Test("the idle behaviour does nothing")
    func idle() {
        var idle = IdleBehaviour()
        #expect(handle(&idle, .message(from: n(1), payload: UserMessage(label: "x")), at: n(2)).isEmpty)
        #expect(handle(&idle, .start, at: n(2)).isEmpty)
    }

    // MARK: - Catalog and simulation

    @Test("the catalog finds behaviours by name, case-insensitively")
    func catalog() {
        #expect(ProtocolRegistry.standard.names == ["none", "echo", "flood", "stopwatch", "lww", "lww-lamport", "raft", "client", "mvr"])
        #expect(ProtocolRegistry.standard.descriptor(named: "ECHO")?.name == "echo")
        #expect(ProtocolRegistry.standard.descriptor(named: "raft-ish") == nil)
        for entry in ProtocolRegistry.standard.protocols {
            #expect(entry.make(n(1), nil).kind == entry.name)
        }
    }

    /// One rumour among n nodes: the first node sends to n − 1, each of the others
    /// re-broadcasts once to n − 1: n(n − 1) rumour messages in all.
    @Test("a rumour among five flood nodes costs n(n − 1) messages")
    func floodInSimulation() async throws {
        let sim = try await makeSimulation(nodes: 5, kind: "flood", latency: .uniform(.milliseconds(1), .milliseconds(9)))
        try await sim.send(from: n(1), to: n(2), label: "r")
        _ = await sim.run(for: .seconds(1))
        let sends = await sim.events(ofKind: .send)
        #expect(sends.count == 1 + 5 * 4)
        let deliveries = await sim.events(ofKind: .deliver)
        #expect(deliveries.count == 1 + 5 * 4)
        // Every node sent the rumour to each of the others exactly once.
        let links = Set(sends.dropFirst().map { DirectedLink($0.node!, $0.peer!) })
        #expect(links.count == 20)
    }

    @Test("two echo nodes exchange one message and one reply, then stop")
    func echoInSimulation() async throws {
        let sim = try await makeSimulation(nodes: 2, kind: "echo", latency: .fixed(.milliseconds(5)))
        try await sim.send(from: n(1), to: n(2), label: "ping")
        _ = await sim.run(for: .seconds(1))
        let deliveries = await sim.events(ofKind: .deliver)
        #expect(deliveries.map(\.label) == ["ping", "echo ping"])
        #expect(deliveries.map(\.node) == [n(2), n(1)])
        #expect(deliveries.map(\.time) == [time(ms: 5), time(ms: 10)])
        #expect(await sim.pendingCount == 0)
    }
}
