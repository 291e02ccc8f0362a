import Console
import Foundation
import SandboxCore
import Simulator
import Synchronization
import Testing

/// Live mode and `record` keep sessions replayable: what happened while virtual time
/// followed the wall clock is saved as the runs that replay it, and a recording is the
/// script-and-transcript pair that `dsbox run` reproduces.
@Suite struct LiveAndRecordTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dsbox-live-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func liveModeNeedsThePrompt() async throws {
        let session = Session(directory: try Self.scratch())
        let outcome = await session.execute("live")
        #expect(outcome.error?.message.contains("interactive prompt") == true)
        #expect(!session.isLive)
    }

    @Test func liveSegmentsAreSavedAsTheRunsThatReplayThem() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        session.allowsLive = true
        for line in ["spawn 3 echo", "net latency 5ms..30ms"] { #expect(await session.execute(line).error == nil) }
        #expect(await session.execute("live 0.5x").error == nil)
        #expect(session.liveSpeed == 0.5)
        // Ticks of uneven length, as wall time would give them.
        for micros: Int64 in [12_345, 7_000, 30_001] { _ = await session.advanceLive(by: .microseconds(micros)) }
        #expect(await session.execute("send n1 n2 a").error == nil)
        var streamed = ""
        for micros: Int64 in [20_000, 20_000, 1] { streamed += await session.advanceLive(by: .microseconds(micros)) }
        #expect(streamed.contains("deliver   a from n1"))
        #expect(await session.execute("stop").error == nil)
        #expect(!session.isLive)
        #expect(session.history.map(\.line) == [
            "spawn 3 echo", "net latency 5ms..30ms", "run 49346us", "send n1 n2 a", "run 40001us",
        ])

        let replay = Session(directory: directory)
        let failure = await ScriptRunner(session: replay).run(session.script, file: "live.dsb") { _ in }
        #expect(failure == nil)
        #expect(await replay.simulation.trace.allEvents == session.simulation.trace.allEvents)
        #expect(await replay.simulation.now == session.simulation.now)
    }

    @Test func anInterruptedRunIsKeptAsTheRunThatHappened() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        // Jittered latency spreads the deliveries over many instants; the run is asked
        // to stop at the fifth instant it reaches.
        session.stopSignal = StopAfter(checks: 5)
        for line in ["spawn 4 echo", "net latency 1ms..50ms"] { #expect(await session.execute(line).error == nil) }
        for line in ["send n1 n2", "send n2 n3", "send n3 n4", "send n4 n1", "send n1 n3", "send n2 n4"] {
            #expect(await session.execute(line).error == nil)
        }
        let outcome = await session.execute("run 5s")
        #expect(outcome.output.contains("(interrupted)"))
        let now = await session.simulation.now
        #expect(now < SimTime(microseconds: 5_000_000))
        #expect(session.history.last?.line == "run \(now - SimTime(microseconds: 0))")
        #expect(session.history.last?.output.contains("interrupted") == false)
        let replay = Session(directory: directory)
        _ = await ScriptRunner(session: replay).run(session.script, file: "r.dsb") { _ in }
        #expect(await replay.simulation.trace.allEvents == session.simulation.trace.allEvents)
    }

    @Test func recordWritesTheScriptAndTheTranscriptDsboxRunPrints() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        #expect(await session.execute("seed 7").error == nil)
        #expect(await session.execute("spawn 2 echo").error == nil)
        let started = await session.execute("record lab.dsb")
        #expect(started.output == "recording to lab.dsb and lab.out (1 command so far)")
        for line in ["net latency 1ms..9ms", "send n1 n2 hi", "crash n7", "run 20ms", "show nodes", "reset", "spawn 1"] {
            _ = await session.execute(line)
        }
        // Written as it happens: readable before recording stops.
        let script = try SessionFixtures.read(directory.appendingPathComponent("lab.dsb"))
        let transcript = try SessionFixtures.read(directory.appendingPathComponent("lab.out"))
        #expect(script == """
            # dsbox session
            seed 7
            spawn 2 echo
            net latency 1ms..9ms
            send n1 n2 hi
            run 20ms
            show nodes
            reset
            spawn 1

            """)
        let replayed = await SessionFixtures.transcript(of: script, file: "lab.dsb", in: directory)
        #expect(replayed.failure == nil)
        #expect(replayed.output == transcript)
        #expect(await session.execute("record off").output == "stopped recording to lab.dsb")
        #expect(await session.execute("record off").error != nil)
        #expect(await session.execute("record lab.dsb").error?.message.contains("--force") == true)
    }
}

/// A stop signal that asks to stop after it has been consulted `checks` times.
final class StopAfter: StopSignal {
    private let remaining: Mutex<Int>

    init(checks: Int) { remaining = Mutex(checks) }

    var isStopRequested: Bool {
        remaining.withLock { count in
            count -= 1
            return count < 0
        }
    }
}
