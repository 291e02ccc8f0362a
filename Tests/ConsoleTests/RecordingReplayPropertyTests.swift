import Console
import Foundation
import SandboxCore
import Simulator
import Synchronization
import Testing

/// Random interactive sessions, recorded and saved, replay to exactly what happened:
/// live stretches driven by a fake wall clock, runs typed while live, runs interrupted
/// by Ctrl-C (quiet or not), failed commands and loads, and seeds given both on the command line
/// and typed.
@Suite struct RecordingReplayPropertyTests {
    @Test("a recording replays to its .out, and a saved session to the same trace", arguments: 1...40)
    func recordedSessionsReplay(seed: UInt64) async throws {
        let directory = try LiveAndRecordTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A load that skews a clock and sends, then fails: it must leave no trace at all
        // (not even the wall-clock column it made event lines show).
        try Data("skew n1 +5ms\nsend n1 n2 late\nrun 10ms\ncrash n99\n".utf8).write(to: directory.appendingPathComponent("bad.dsb"))
        var random = SeededRandom(seed: seed)
        let overridden = random.below(3) == 0
        let session = Session(seedOverride: overridden ? 5 : nil, directory: directory)
        session.allowsLive = true
        let interrupt = InterruptOnDemand()
        session.stopSignal = interrupt
        var typed: [String] = []
        func type(_ line: String) async {
            typed.append(line)
            _ = await session.execute(line)
        }

        if random.below(2) == 0 { await type("seed \(random.below(100))") }
        await type("record lab.dsb")
        if random.below(2) == 0 { await type("seed 9") }  // after record: ignored or refused, never replayed wrongly
        await type("spawn 4 \(random.below(2) == 0 ? "echo" : "flood")")
        await type("net latency 1ms..20ms")
        for _ in 0..<30 {
            switch random.below(10) {
            case 0..<5:
                await type(Self.randomCommand(&random))
            case 5:
                await type(session.isLive ? "stop" : "live \(random.below(2) == 0 ? "1x" : "0.5x")")
            case 6, 7:
                // Ctrl-C part-way through a run, with or without its event listing.
                interrupt.stop(afterChecks: Int(random.below(4)))
                await type("run \(random.inRange(5...200))ms\(random.below(2) == 0 ? " quiet" : "")")
                interrupt.stop(afterChecks: nil)
            default:
                break
            }
            if session.isLive {
                for _ in 0..<random.below(4) { _ = await session.advanceLive(by: .microseconds(random.inRange(1...40_000))) }
            }
        }
        if session.isLive { await type("stop") }
        await type("save saved.dsb")
        await type("record off")
        let context = "typed:\n" + typed.joined(separator: "\n")

        let script = try SessionFixtures.read(directory.appendingPathComponent("lab.dsb"))
        let transcript = try SessionFixtures.read(directory.appendingPathComponent("lab.out"))
        let replayed = await SessionFixtures.transcript(of: script, file: "lab.dsb", in: directory)
        #expect(replayed.failure == nil, "\(context)")
        #expect(replayed.output == transcript, "\(context)\nscript:\n\(script)")

        let saved = Session(directory: directory)
        let failure = await ScriptRunner(session: saved)
            .run(try SessionFixtures.read(directory.appendingPathComponent("saved.dsb")), file: "saved.dsb") { _ in }
        #expect(failure == nil, "\(context)")
        #expect(await saved.simulation.trace.allEvents == session.simulation.trace.allEvents, "\(context)")
        #expect(await saved.simulation.now == session.simulation.now, "\(context)")
    }

    /// A command a person might type, some of which fail (and must then leave no trace
    /// in the recording).
    static func randomCommand(_ random: inout SeededRandom) -> String {
        func node() -> String { "n\(random.inRange(1...4))" }
        let commands = [
            "send \(node()) \(node())", "local \(node())", "crash \(node())", "restart \(node())",
            "partition \(node()) | \(node())", "heal", "net loss \(random.below(30))", "net dup \(random.below(30))",
            "run \(random.inRange(1...100))ms", "run \(random.inRange(1...100))ms quiet", "show trace last 3",
            "show nodes", "pause \(node())", "resume \(node())", "skew \(node()) +\(random.below(9))ms", "drift \(node()) +\(random.below(90_000))",
            "step", "step 3", "crash n99", "spwan 3", "send n1", "spawn 1 echo", "load bad.dsb",
        ]
        return commands[Int(random.below(UInt64(commands.count)))]
    }
}

/// A stop signal a test arms for one command: it asks to stop after it has been
/// consulted a given number of times, or never.
final class InterruptOnDemand: StopSignal {
    private let remaining = Mutex<Int?>(nil)

    func stop(afterChecks checks: Int?) { remaining.withLock { $0 = checks } }

    var isStopRequested: Bool {
        remaining.withLock { count in
            guard let left = count else { return false }
            count = left - 1
            return left <= 0
        }
    }
}
