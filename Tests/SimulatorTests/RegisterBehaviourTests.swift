import Protocols
import SandboxCore
import Testing

/// The register behaviours, driven directly: requests and updates in, effects out.
@Suite struct RegisterBehaviourTests {
    static let members = [NodeID(1), NodeID(2), NodeID(3)]

    static func context(_ me: Int, wallClock: Int64 = 0, monotonic: Int64 = 0) -> BehaviourContext {
        BehaviourContext(me: NodeID(me), members: members, wallClock: wallClock, monotonicClock: monotonic,
                         random: SeededRandom(seed: 1))
    }

    static func replies(_ context: BehaviourContext) -> [String] {
        context.effects.compactMap { if case .reply(let text) = $0 { text } else { nil } }
    }

    static func sends<P: Payload>(_ context: BehaviourContext, of: P.Type) -> [(NodeID, P)] {
        context.effects.compactMap { effect in
            if case .send(let to, let payload) = effect, let typed = payload as? P { (to, typed) } else { nil }
        }
    }

    @Test func wallClockLastWriterWinsKeepsTheLargerStampEvenIfItCameFirst() {
        var n1 = LastWriterWinsRegister(stamping: .wallClock)
        var n2 = LastWriterWinsRegister(stamping: .wallClock)
        var write1 = Self.context(1, wallClock: 100_000)  // n1's clock is 100ms fast
        n1.handle(.request(ClientRequest(operation: "write", arguments: ["x", "1"])), context: &write1)
        let updates = Self.sends(write1, of: LastWriterWinsRegister.Update.self)
        #expect(updates.map(\.0) == [NodeID(2), NodeID(3)])
        var receive = Self.context(2, wallClock: 20_000)
        n2.handle(.message(from: NodeID(1), payload: updates[0].1), context: &receive)
        // n2 writes later (true time 50ms), after seeing x=1, yet its stamp is smaller.
        var write2 = Self.context(2, wallClock: 50_000)
        n2.handle(.request(ClientRequest(operation: "write", arguments: ["x", "2"])), context: &write2)
        #expect(Self.replies(write2) == ["x = 2 written, but lost at once: wall 0.100000s by n1 is later"])
        #expect(n2.store["x"]?.value == "1")
    }

    @Test func lamportLastWriterWinsLetsTheCausallyLaterWriteWin() {
        var n1 = LastWriterWinsRegister(stamping: .lamport)
        var n2 = LastWriterWinsRegister(stamping: .lamport)
        var write1 = Self.context(1, wallClock: 100_000)
        n1.handle(.request(ClientRequest(operation: "write", arguments: ["x", "1"])), context: &write1)
        let update = Self.sends(write1, of: LastWriterWinsRegister.Update.self)[0].1
        #expect(update.stamp.time == 1)
        var receive = Self.context(2)
        n2.handle(.message(from: NodeID(1), payload: update), context: &receive)
        #expect(n2.lamport == 2)  // max(0, 1) + 1
        var write2 = Self.context(2)
        n2.handle(.request(ClientRequest(operation: "write", arguments: ["x", "2"])), context: &write2)
        #expect(n2.store["x"]?.value == "2")
        #expect(n2.store["x"]?.stamp.time == 3)
        // Back at n1 the later write replaces the earlier one.
        var back = Self.context(1)
        n1.handle(.message(from: NodeID(2), payload: Self.sends(write2, of: LastWriterWinsRegister.Update.self)[0].1),
                  context: &back)
        #expect(n1.store["x"]?.value == "2")
    }

    @Test func equalLamportStampsAreOrderedByWriter() {
        let a = LastWriterWinsRegister.Stamp(time: 4, writer: NodeID(1))
        let b = LastWriterWinsRegister.Stamp(time: 4, writer: NodeID(2))
        #expect(a < b)
        #expect(LastWriterWinsRegister.Stamp(time: 5, writer: NodeID(1)) > b)
    }

    @Test func versionVectorsCompareByDominance() {
        typealias V = MultiValueRegister.VersionVector
        let a = V([NodeID(1): 1])
        let b = V([NodeID(2): 1])
        let ab = V([NodeID(1): 1, NodeID(2): 1])
        #expect(ab.dominates(a) && ab.dominates(b))
        #expect(!a.dominates(b) && !b.dominates(a))
        #expect(!a.dominates(a))
        #expect(ab.description == "[n1:1 n2:1]")
    }

    @Test func multiValueRegisterKeepsConcurrentWritesAndAWriteThatSawThemReplacesBoth() {
        var n1 = MultiValueRegister(), n2 = MultiValueRegister(), n3 = MultiValueRegister()
        var w1 = Self.context(1), w2 = Self.context(2)
        n1.handle(.request(ClientRequest(operation: "write", arguments: ["y", "a"])), context: &w1)
        n2.handle(.request(ClientRequest(operation: "write", arguments: ["y", "b"])), context: &w2)
        let fromN1 = Self.sends(w1, of: MultiValueRegister.Update.self)
        let fromN2 = Self.sends(w2, of: MultiValueRegister.Update.self)
        var r = Self.context(3)
        n3.handle(.message(from: NodeID(1), payload: fromN1[1].1), context: &r)
        n3.handle(.message(from: NodeID(2), payload: fromN2[1].1), context: &r)
        #expect(n3.store["y"]?.map(\.value) == ["a", "b"])
        var read = Self.context(3)
        n3.handle(.request(ClientRequest(operation: "read", arguments: ["y"])), context: &read)
        #expect(Self.replies(read) == ["y = {a, b} concurrent: [n1:1] || [n2:1]"])
        // A duplicate of an update already held changes nothing.
        n3.handle(.message(from: NodeID(1), payload: fromN1[1].1), context: &r)
        #expect(n3.store["y"]?.count == 2)
        var w3 = Self.context(3)
        n3.handle(.request(ClientRequest(operation: "write", arguments: ["y", "c"])), context: &w3)
        let replacing = Self.sends(w3, of: MultiValueRegister.Update.self)[0].1
        #expect(replacing.written.version.description == "[n1:1 n2:1 n3:1]")
        var apply = Self.context(1)
        n1.handle(.message(from: NodeID(2), payload: fromN2[0].1), context: &apply)
        n1.handle(.message(from: NodeID(3), payload: replacing), context: &apply)
        #expect(n1.store["y"]?.map(\.value) == ["c"])
        // An older version arriving late is ignored.
        n1.handle(.message(from: NodeID(2), payload: fromN2[0].1), context: &apply)
        #expect(n1.store["y"]?.map(\.value) == ["c"])
    }

    @Test func stopwatchMeasuresByBothClocks() {
        var watch = StopwatchBehaviour()
        var start = Self.context(1, wallClock: 10_000_000, monotonic: 10_000_000)
        watch.handle(.request(ClientRequest(operation: "start", arguments: [])), context: &start)
        // Two seconds later by the monotonic clock, but the wall clock was stepped back 2s.
        var lap = Self.context(1, wallClock: 10_000_000, monotonic: 12_000_000)
        watch.handle(.request(ClientRequest(operation: "lap", arguments: [])), context: &lap)
        #expect(Self.replies(lap) == ["elapsed by wall clock +0s, by monotonic clock +2s"])
    }

    @Test func registersExplainWhatTheyUnderstand() {
        var register = MultiValueRegister()
        var context = Self.context(1)
        register.handle(.request(ClientRequest(operation: "delete", arguments: ["x"])), context: &context)
        #expect(Self.replies(context) == ["registers understand: write KEY VALUE, read KEY"])
    }
}
