import Console
import Foundation
import SandboxCore
import Simulator
import Testing

/// What live mode streams can be thinned (`quiet`, a filter, `hide heartbeat`), while
/// everything still happens and is kept: the history replays to the whole trace.
@Suite struct LiveFilterTests {
    /// A live Raft cluster for a second of virtual time, streamed through `live` with
    /// `arguments`; returns what was streamed and the session.
    static func streamed(_ arguments: String) async throws -> (text: String, session: Session) {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        session.allowsLive = true
        for line in ["seed 3", "spawn 3 raft", "net latency 5ms"] { #expect(await session.execute(line).error == nil) }
        #expect(await session.execute("live \(arguments)").error == nil)
        var text = ""
        for _ in 0..<40 { text += await session.advanceLive(by: .milliseconds(25)) + "\n" }
        #expect(await session.execute("stop").error == nil)
        return (text, session)
    }

    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test("quiet streams nothing; a node and kind filter streams only what it matches")
    func quietAndOnly() async throws {
        let everything = try await Self.streamed("1x")
        #expect(Self.lines(everything.text).count > 100)
        let quiet = try await Self.streamed("1x quiet")
        #expect(Self.lines(quiet.text).isEmpty)
        let notes = try await Self.streamed("1x only n1 kind note")
        #expect(!Self.lines(notes.text).isEmpty)
        #expect(Self.lines(notes.text).allSatisfy { $0.contains(" n1 ") && $0.contains(" note ") }, "\(notes.text)")
        // The same events happened, and the history keeps all of them as runs.
        let all = await everything.session.simulation.trace.allEvents
        #expect(await quiet.session.simulation.trace.allEvents == all)
        #expect(await notes.session.simulation.trace.allEvents == all)
        let replay = Session(directory: FileManager.default.temporaryDirectory)
        #expect(await ScriptRunner(session: replay).run(quiet.session.script, file: "q.dsb") { _ in } == nil)
        #expect(await replay.simulation.trace.allEvents == all)
    }

    @Test("hide heartbeat hides heartbeats and their acknowledgements, not appends that carry entries")
    func hideHeartbeats() async throws {
        let hidden = try await Self.streamed("hide heartbeat")
        let everything = try await Self.streamed("1x")
        #expect(everything.text.contains("heartbeat t1"), "the cluster sends heartbeats")
        #expect(everything.text.contains("heartbeat ok t1"), "followers acknowledge them")
        #expect(!hidden.text.contains("heartbeat"), "\(hidden.text)")
        // The leader's no-op is an append with an entry, and stays visible with its acks.
        #expect(hidden.text.contains("append t1 [1..1]"), "\(hidden.text)")
        #expect(hidden.text.contains("append ok t1 up to 1"), "\(hidden.text)")
        #expect(Self.lines(hidden.text).count < Self.lines(everything.text).count / 2)
    }

    @Test("show trace hide heartbeat lists the rest")
    func showTraceHides() async throws {
        let (_, session) = try await Self.streamed("quiet")
        let listing = await session.execute("show trace hide heartbeat last 1000")
        #expect(listing.error == nil)
        #expect(!listing.output.contains("heartbeat"))
        #expect(listing.output.contains("append t1 [1..1]"))
    }

    @Test("a live filter naming a node that does not exist is an error, and live mode does not start")
    func unknownNodeInTheFilter() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        session.allowsLive = true
        _ = await session.execute("spawn 2")
        let outcome = await session.execute("live 1x only n99 kind note")
        #expect(outcome.error?.message == "unknown node n99")
        #expect(outcome.error?.column == 14)
        #expect(!session.isLive)
    }
}
