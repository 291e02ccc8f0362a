import Console
import Foundation
import SandboxCore
import Simulator
import Testing

/// `expect`: true claims print their evidence; a false one is an error that stops a
/// script at its line. The trace is the vector-clocks lesson's, whose values follow from
/// the rules by hand: e5 = (1,0,0), e7 = (2,0,0), e10 = (1,3,1), e12 = (3,3,1).
@Suite struct ExpectTests {
    static let lesson = ["seed 13", "spawn 3", "net latency 10ms..40ms", "send n1 n2 m1", "send n3 n2 m2", "local n1 a",
                         "run 50ms", "send n2 n1 m3", "local n3 b", "run 50ms"]

    static func session() async -> Session {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for line in lesson { _ = await session.execute(line) }
        return session
    }

    @Test("true claims hold and print their evidence", arguments: [
        ("expect order e5 -> e12", "ok: e5 -> e12  (e5 happens before e12"),
        ("expect order e12 <- e5", "ok: e5 -> e12"),
        ("expect order e7 || e10", "ok: e7 || e10  (concurrent"),
        ("expect order e7||e10", "ok: e7 || e10"),
        ("expect lamport e12 5", "ok: L(e12) = 5"),
        ("expect vector e12 n1=3 n2=3 n3=1", "ok: V(e12) = {n1:3, n2:3, n3:1}"),
        ("expect vector e7 n1=2 n3=0", "ok: V(e7) = {n1:2}"),
        ("expect count deliver 3", "ok: 3 deliver events"),
        ("expect wall e12 0.077102s", "ok: e12's wall clock read 0.077102s (true time 0.077102s)"),
        ("expect dropped 0", "ok: 0 messages dropped"),
        ("expect no violation", "ok: no invariant was violated"),
    ])
    func trueClaims(_ line: String, _ evidence: String) async throws {
        let outcome = await Self.session().execute(line)
        #expect(outcome.error == nil, "\(outcome.error?.rendered ?? "")")
        #expect(outcome.output.hasPrefix(evidence), "\(outcome.output)")
    }

    @Test("false claims are errors that say what holds instead", arguments: [
        ("expect order e7 -> e10", "expectation failed: not e7 -> e10, but e7 || e10"),
        ("expect order e12 -> e5", "expectation failed: not e12 -> e5, but e5 -> e12"),
        ("expect lamport e12 4", "expectation failed: L(e12) is 5, not 4"),
        ("expect vector e7 n1=2 n2=1", "expectation failed: V(e7) is {n1:2}, not {n1:2, n2:1}"),
        ("expect count send 2", "expectation failed: 3 send events, not 2"),
        ("expect wall e12 -1ms", "expectation failed: e12's wall clock read 0.077102s, not -0.001000s"),
        ("expect wall e4 0s", "expectation failed: e4 happened at no node"),
        ("expect dropped 1", "expectation failed: 0 messages dropped, not 1"),
        ("expect violation", "expectation failed: no invariant was violated"),
    ])
    func falseClaims(_ line: String, _ message: String) async throws {
        let session = await Self.session()
        let history = session.history
        let error = try #require(await session.execute(line).error)
        #expect(error.message.hasPrefix(message), "\(error.message)")
        #expect(session.history == history, "a failed claim is not kept")
    }

    @Test("mistakes in a claim are errors at the word", arguments: [
        ("expect order e5 e12", 17, "expected ->, <- or || between the events"),
        ("expect order e99 -> e5", 14, "no event e99"),
        ("expect order e1 -> e5", 14, "happens-before relates process events"),
        ("expect vector e7 n1:2", 18, "'n1:2' is not a vector entry"),
        ("expect vector e7 n1=2 n1=3", 23, "n1 is given twice"),
        ("expect count sends 2", 14, "unknown kind 'sends'"),
        ("expect no", 10, "missing 'violation'"),
        ("expect leaders n1", 8, "expected what to expect"),
        ("expect leader n1", 15, "n1 is not a raft node (it runs none)"),
        ("expect role n1 boss", 16, "expected role"),
    ])
    func malformedClaims(_ line: String, _ column: Int, _ message: String) async throws {
        let error = try #require(await Self.session().execute(line).error)
        #expect(error.message.contains(message), "\(error.rendered)")
        #expect(error.column == column, "\(error.rendered)")
    }

    @Test("a false claim stops a script at its line with the error")
    func aFalseClaimStopsTheScript() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        var output = ""
        let script = (Self.lesson + ["expect order e5 -> e12", "expect lamport e12 9", "local n1 after"]).joined(separator: "\n")
        let failure = try #require(await ScriptRunner(session: session).run(script, file: "lab.dsb") { output += $0 })
        #expect(failure.line == 12)
        #expect(failure.rendered.hasPrefix("lab.dsb:12: error: column 1: expectation failed: L(e12) is 5, not 9"))
        #expect(!output.contains("after"))
    }
}
