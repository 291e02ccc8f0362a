import SandboxCore
import Testing

/// Node ids are written `n1`, `n2`, …; event ids `e1`, `e2`, …
@Suite("NodeID and EventID")
struct IdentifierTests {
    @Test("node ids parse from nN within range")
    func parseNode() {
        #expect(NodeID(parsing: "n1") == NodeID(1))
        #expect(NodeID(parsing: "N12") == NodeID(12))
        #expect(NodeID(parsing: "n100000") == NodeID(100_000))
        #expect(NodeID(parsing: "n100001") == nil)
        #expect(NodeID(parsing: "n0") == nil)
        #expect(NodeID(parsing: "n-3") == nil)
        #expect(NodeID(parsing: "n") == nil)
        #expect(NodeID(parsing: "x1") == nil)
        #expect(NodeID(parsing: "1") == nil)
        #expect(NodeID(parsing: "n1a") == nil)
        #expect(NodeID(parsing: "n 1") == nil)
        #expect(NodeID(1).description == "n1")
        #expect(NodeID(2) < NodeID(10))
    }

    @Test("event ids parse from eN")
    func parseEvent() {
        #expect(EventID(parsing: "e7") == EventID(7))
        #expect(EventID(parsing: "E7") == EventID(7))
        #expect(EventID(parsing: "e0") == nil)
        #expect(EventID(parsing: "e-1") == nil)
        #expect(EventID(parsing: "e") == nil)
        #expect(EventID(parsing: "n7") == nil)
        #expect(EventID(7).description == "e7")
    }

    /// The doc comments say "Parses `n12`; returns nil for anything else" and "Parses
    /// `e7`; returns nil for anything else": a sign is something else.
    ///
    /// BUG (Sources/SandboxCore/NodeID.swift:20-21 and 41-42): `Int(text.dropFirst())`
    /// accepts a leading `+`, and the `isASCII` check lets it through. Fix: require
    /// `text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }`.
    @Test("a sign after the letter is not an id")
    func signIsRejected() {
        #expect(NodeID(parsing: "n+5") == nil)
        #expect(EventID(parsing: "e+7") == nil)
    }
}
