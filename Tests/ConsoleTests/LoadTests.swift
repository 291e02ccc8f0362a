import Console
import Foundation
import Simulator
import Testing

/// Issue 8, defect 9: a `load` is all or nothing, its error names the innermost file
/// and line once, a load cycle is refused, and Ctrl-C stops a whole load.
@Suite struct LoadTests {
    /// What a session looks like from outside: enough to tell whether a load changed it.
    struct State: Equatable {
        let script: String
        let events: [TraceEvent]
        let now: String
        let prompt: String
    }

    static func state(of session: Session) async -> State {
        State(script: session.script, events: await session.simulation.trace.allEvents,
              now: "\(await session.simulation.now)", prompt: await session.prompt())
    }

    @Test("A load that fails on line 4 leaves the session exactly as it was")
    func failedLoadChangesNothing() async throws {
        let folder = try TestFolder()
        try folder.write("bad.dsb", "spawn 2 echo\nsend n1 n2 hi\nrun 10ms\ncrash n9\n")
        let session = Session(directory: folder.url)
        for line in ["spawn 3", "net latency 5ms", "send n1 n2 a", "run 3ms"] {
            #expect(await session.execute(line).error == nil)
        }
        let before = await Self.state(of: session)
        let failed = await session.execute("load bad.dsb")
        let error = try #require(failed.error)
        #expect(error.rendered.hasPrefix("error: bad.dsb:4: column 7: unknown node n9"), "\(error.rendered)")
        #expect(await Self.state(of: session) == before)
        // The session goes on from where it was, as if the load had never happened.
        #expect(await session.execute("run 10ms").error == nil)
        let replay = Session(directory: folder.url)
        #expect(await transcript(of: session.script, session: replay).failure == nil)
        #expect(await replay.simulation.trace.allEvents == session.simulation.trace.allEvents)
    }

    @Test("A failed nested load names the inner file and line once, from a script too")
    func nestedErrorNamesTheInnerFileOnce() async throws {
        let folder = try TestFolder()
        try folder.write("outer.dsb", "spawn 2\nload lib/middle.dsb\n")
        try folder.write("lib/middle.dsb", "# middle\nload deeper/bad.dsb\n")
        try folder.write("lib/deeper/bad.dsb", "local n1\n\nlocal n7\n")
        let session = Session(directory: folder.url)
        let run = await transcript(of: "load outer.dsb\n", file: "main.dsb", session: session)
        let failure = try #require(run.failure)
        #expect(failure.rendered.hasPrefix("main.dsb:1: error: lib/deeper/bad.dsb:3: column 7: unknown node n7"),
                "\(failure.rendered)")
        #expect(occurrences(of: "error", in: failure.rendered) == 1)
        #expect(await session.simulation.trace.allEvents.isEmpty)
        #expect(session.script == "# dsbox session\nseed 1\n")
    }

    @Test("A script that loads itself, directly or through another, is refused, naming the cycle")
    func loadCyclesAreRefused() async throws {
        let folder = try TestFolder()
        try folder.write("self.dsb", "spawn 1\nload self.dsb\n")
        try folder.write("a.dsb", "load b.dsb\n")
        try folder.write("b.dsb", "load ./a.dsb\n")
        let session = Session(directory: folder.url)
        let direct = try #require(await session.execute("load self.dsb").error)
        #expect(direct.rendered.hasPrefix("error: self.dsb:2: column 6: refused: load cycle self.dsb → self.dsb"), "\(direct.rendered)")
        let indirect = try #require(await session.execute("load a.dsb").error)
        #expect(indirect.message.contains("load cycle a.dsb → b.dsb → a.dsb"), "\(indirect.rendered)")
        #expect(occurrences(of: "a.dsb:", in: indirect.rendered) + occurrences(of: "b.dsb:", in: indirect.rendered) == 1)
        #expect(await session.simulation.members.isEmpty)
    }

    /// A stop signal that asks to stop once `armed` (a Ctrl-C pressed while a load runs).
    final class PressedCtrlC: StopSignal, @unchecked Sendable {
        var armed = false
        var isStopRequested: Bool { armed }
    }

    @Test("Ctrl-C between two lines stops the whole load, which then changes nothing")
    func interruptStopsTheLoad() async throws {
        let folder = try TestFolder()
        try folder.write("long.dsb", "spawn 2 echo\nsend n1 n2 a\nrun 10ms\nsend n1 n2 b\nrun 10ms\n")
        let session = Session(directory: folder.url)
        let signal = PressedCtrlC()
        session.stopSignal = signal
        #expect(await session.execute("spawn 1").error == nil)
        let before = await Self.state(of: session)
        signal.armed = true
        let interrupted = try #require(await session.execute("load long.dsb").error)
        #expect(interrupted.rendered.hasPrefix("error: long.dsb:1: column 1: load interrupted (Ctrl-C)"), "\(interrupted.rendered)")
        #expect(await Self.state(of: session) == before)
        signal.armed = false
        #expect(await session.execute("load long.dsb").error == nil)
        #expect(await session.simulation.members.count == 3)
    }

    @Test("A failed load writes none of its commands to the recording")
    func failedLoadIsNotRecorded() async throws {
        let folder = try TestFolder()
        try folder.write("bad.dsb", "send n1 n2 x\ncrash n9\n")
        let session = Session(directory: folder.url)
        #expect(await session.execute("spawn 2").error == nil)
        #expect(await session.execute("record rec.dsb").error == nil)
        #expect(await session.execute("load bad.dsb").error != nil)
        #expect(await session.execute("run 1ms").error == nil)
        #expect(await session.execute("record off").error == nil)
        #expect(folder.read("rec.dsb") == "# dsbox session\nseed 1\nspawn 2\nrun 1ms\n")
        let replay = Session(directory: folder.url)
        #expect(await transcript(of: folder.read("rec.dsb") ?? "", session: replay).output == folder.read("rec.out"))
    }

    @Test("A saved script loads into a session that is under way: its seed line matches the seed in force")
    func savedScriptLoadsMidSession() async throws {
        let folder = try TestFolder()
        let first = Session(directory: folder.url)
        for line in ["seed 4", "spawn 2", "send n1 n2 a", "run 5ms", "save part.dsb"] { #expect(await first.execute(line).error == nil) }
        let session = Session(directory: folder.url)
        for line in ["seed 4", "net latency 3ms"] { #expect(await session.execute(line).error == nil) }
        let loaded = await session.execute("load part.dsb")
        #expect(loaded.error == nil, "\(loaded.error?.rendered ?? "")")
        #expect(await session.simulation.members.count == 2)
        // Another seed is still refused once something has happened.
        try folder.write("other.dsb", "seed 9\nspawn 1\n")
        #expect(await session.execute("load other.dsb").error?.message.contains("seed must come before") == true)
    }
}

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
