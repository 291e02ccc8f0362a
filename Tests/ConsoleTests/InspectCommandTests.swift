import Console
import Foundation
import SandboxCore
import Simulator
import Synchronization
import ProtocolKit
import Testing

/// A stop signal that says stop once it has been asked `after` times (Ctrl-C, for tests).
final class StopAfterAsking: StopSignal {
    private let asked = Mutex(0)
    private let after: Int
    init(after: Int) { self.after = after }
    var isStopRequested: Bool { asked.withLock { $0 += 1; return $0 > after } }
}

/// `show trace` filters and `show logs` ranges as typed, interrupted `step` and storm
/// runs saved so they replay, and runs past the end of virtual time refused.
@Suite("Inspecting and interrupting at the console")
struct InspectCommandTests {
    static func command(_ line: String) throws -> Command {
        guard case .success(let parsed?) = CommandParser.parse(line) else {
            Issue.record("\(line) does not parse")
            throw CancellationError()
        }
        return parsed.command
    }

    static func error(_ line: String) -> CommandError? {
        guard case .failure(let error) = CommandParser.parse(line) else { return nil }
        return error
    }

    @Test func traceFiltersParseInAnyOrder() throws {
        let filter = EventFilter(nodes: [NodeID(1), NodeID(2)], kinds: [.send, .deliver],
                                 from: SimTime(microseconds: 1_000_000), to: SimTime(microseconds: 2_000_000))
        #expect(try Self.command("show trace n1 n2 kind send,deliver from 1s to 2s") == .show(.trace(last: nil, filter: filter)))
        #expect(try Self.command("show trace last 5 from 1s kind send,deliver n1 to 2s n2") == .show(.trace(last: 5, filter: filter)))
        #expect(try Self.command("show trace last 7") == .show(.trace(last: 7)))
    }

    @Test func traceFilterErrorsPointAtTheBadWord() throws {
        let unknown = try #require(Self.error("show trace n1 kind send,dlvr"))
        #expect(unknown.column == 20)
        #expect(unknown.message.contains("unknown kind 'dlvr'"))
        #expect(unknown.message.contains("local, send, deliver, timer, request"))
        #expect(Self.error("show trace kind")?.column == 16)
        #expect(Self.error("show trace n1 sideways")?.column == 15)
        #expect(Self.error("show trace from 2s to 1s")?.message.contains("'to' comes before 'from'") == true)
        #expect(Self.error("show trace last 3 last 4")?.column == 19)
        #expect(Self.error("show trace n0")?.column == 12)
    }

    @Test func logRangesParse() throws {
        #expect(try Self.command("show logs") == .show(.view("logs", form: 0, Arguments([]))))
        #expect(try Self.command("show logs from 100 to 120")
                == .show(.view("logs", form: 1, Arguments([.word("from"), .number(100), .word("to"), .number(120)]))))
        #expect(try Self.command("show logs from 3") == .show(.view("logs", form: 1, Arguments([.word("from"), .number(3)]))))
        #expect(try Self.command("show logs 4..9") == .show(.view("logs", form: 2, Arguments([.range(4...9)]))))
        #expect(Self.error("show logs 9..4")?.column == 11)
        #expect(Self.error("show logs from 9 to 4")?.column == 21)  // at the end that comes first
        #expect(Self.error("show logs 0..4")?.message.contains("start at 1") == true)
    }

    /// Runs `lines` in a session, returning it and what each line printed.
    static func session(_ lines: [String], stop: (any StopSignal)? = nil) async -> (Session, [String]) {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        var outputs: [String] = []
        for line in lines {
            if line.hasPrefix("step") || line.hasPrefix("run") { session.stopSignal = stop }
            let outcome = await session.execute(line)
            session.stopSignal = nil
            outputs.append(outcome.error?.rendered ?? outcome.output)
        }
        return (session, outputs)
    }

    /// The saved history replays, line by line, to the output the history kept.
    static func expectReplays(_ session: Session) async {
        let script = session.history.map(\.line).joined(separator: "\n")
        let replay = await SessionFixtures.transcript(of: script, file: "saved.dsb", in: FileManager.default.temporaryDirectory)
        #expect(replay.failure == nil)
        #expect(replay.output == session.history.map(\.transcript).joined())
    }

    static let storm = ["net latency 0ms", "spawn 90 flood", "send n1 n2 rumour"]

    @Test func anInterruptedStepIsSavedAsTheStepThatHappened() async throws {
        let (session, outputs) = await Self.session(Self.storm + ["step 5000", "show trace last 3"], stop: StopAfterAsking(after: 40))
        #expect(outputs[3].contains("(interrupted)"))
        #expect(session.history[3].line == "step 41")
        await Self.expectReplays(session)
    }

    @Test func aStormRunStoppedInsideItsInstantIsSavedAsAStep() async throws {
        for quiet in [false, true] {
            let run = "run 10ms" + (quiet ? " quiet" : "")
            let (session, outputs) = await Self.session(Self.storm + [run, "run 1ms quiet"], stop: StopAfterAsking(after: 0))
            #expect(outputs[3].contains("(interrupted)"))
            let line = session.history[3].line
            #expect(line.hasPrefix("step "))
            #expect(line.hasSuffix(" quiet") == quiet)
            await Self.expectReplays(session)
        }
    }

    @Test func aRunPastTheLastInstantIsRefusedAndChangesNothing() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        _ = await session.execute("spawn 2 echo")
        _ = await session.simulation.run(for: SimTime.latest - SimTime(microseconds: 86_400_000_000))
        let before = await session.simulation.now
        let outcome = await session.execute("run 48h")
        #expect(outcome.error?.message.contains("would pass the last instant") == true)
        #expect(await session.simulation.now == before)
        #expect(await session.execute("run 24h").error == nil)
        #expect(await session.simulation.now == SimTime.latest)
    }

    @Test func filteredListingsShowOnlyMatchingEvents() async throws {
        let (_, outputs) = await Self.session([
            "spawn 3 echo", "net latency 1ms", "send n1 n2", "send n2 n3", "send n3 n1", "run 10ms",
            "show trace n2 kind deliver,send", "show trace kind crash", "show trace from 1ms last 2", "show trace n9",
        ])
        let rows = outputs[6].split(separator: "\n").dropFirst(2)
        #expect(rows.count == 4)  // n2 sends m2 and echoes m1, receives m1 and m2's echo
        #expect(rows.allSatisfy { $0.contains("  n2  ") && ($0.contains("send") || $0.contains("deliver")) })
        #expect(outputs[7] == "no event of the 16 kept matches the filter")
        #expect(outputs[8].hasSuffix("(7 earlier matching events not shown; show trace last N shows more)"))
        #expect(outputs[9].contains("unknown node n9"))
    }

    @Test func ctrlCStopsLongInspectionsWhichRecordNothing() async throws {
        let (session, _) = await Self.session(Self.storm + ["run 1ms quiet"])
        #expect(await session.simulation.trace.count > 8_000)
        let kept = session.history.count
        for line in ["show trace last 9000", "show trace n3 kind deliver last 9000", "diagram highlight e8000 limit 5",
                     "concurrent e7990 e7991"] {
            session.stopSignal = StopAfterAsking(after: 0)
            let outcome = await session.execute(line)
            session.stopSignal = nil
            #expect(outcome.error?.message.hasPrefix("interrupted") == true, "\(line)")
        }
        #expect(session.history.count == kept)
        #expect(await session.execute("show trace last 9000").error == nil)
    }

    @Test func showLogsShowsOnlyTheIndexesInTheRange() async throws {
        let raft = ["seed 21", "spawn 5 raft", "net latency 5ms..15ms", "run 500ms quiet", "ask n2 put x 1",
                    "ask n2 put y 2", "run 100ms quiet"]
        let (_, outputs) = await Self.session(raft + ["show logs", "show logs from 2 to 3", "show logs 3..3", "show logs from 9"])
        #expect(outputs[7].hasPrefix("index  1   2   3\nn1     1*  1*  1*  t1 c3"))
        #expect(outputs[8].hasPrefix("index  2   3\nn1     1*  1*  t1 c3"))
        #expect(outputs[9].hasPrefix("index  3\nn1     1*  t1 c3"))
        #expect(outputs[10] == "no log entries from index 9 (the longest log has 3 entries)")
        #expect(!outputs[7].contains("wider than 80 columns"), "a short log needs no hint")
    }

    @Test func theDiagramsNextPageKeepsTheNodesAndLimitGiven() async throws {
        let (_, outputs) = await Self.session(["spawn 3", "net latency 1ms", "send n1 n2", "send n2 n3", "send n3 n1",
                                               "run 10ms", "diagram n1 n2 limit 3"])
        #expect(outputs.last?.hasSuffix("; next page: diagram n1 n2 limit 3 from 0.001000s") == true, "\(outputs.last ?? "")")
    }

    @Test func aLogWiderThan80ColumnsSaysHowToShowARange() async throws {
        let puts = (1...20).map { "ask n1 put k\($0) \($0)" }
        let (_, outputs) = await Self.session(["spawn 1 raft", "run 1s quiet"] + puts + ["run 10ms quiet", "show logs", "show logs 10..20"])
        let table = try #require(outputs.dropLast().last)
        #expect(table.hasSuffix("\n(wider than 80 columns: show logs from INDEX to INDEX shows a range)"), "\(table)")
        #expect(outputs.last!.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func aRunStopsAtTheTraceCeilingAndTheNextOneIsRefused() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for line in Self.storm { _ = await session.execute(line) }
        await session.simulation.setTraceCeiling(500)
        let stopped = await session.execute("run 10ms quiet")
        #expect(stopped.error == nil)
        #expect(stopped.output.contains("stopped: the trace holds 500 events"))
        #expect(stopped.output.contains("trace window COUNT"))
        let refused = await session.execute("run 10ms")
        #expect(refused.error?.message.contains("trace window COUNT") == true)
        #expect(await session.execute("trace window 1000").error == nil)
        #expect(await session.execute("run 10ms quiet").error == nil)
        #expect(await session.simulation.pendingCount == 0)
    }
}
