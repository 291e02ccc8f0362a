import Console
import Foundation
import Testing

/// Ctrl-C during `export trace` stops it, leaves no half-written file (and no temporary
/// one), keeps an older file as it was, and is not kept in the history.
@Suite struct ExportInterruptTests {
    @Test func anInterruptedExportWritesNothing() async throws {
        let directory = try LiveAndRecordTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        for line in ["spawn 100 flood", "send n1 n2 rumour", "run 1s quiet"] { #expect(await session.execute(line).error == nil) }
        #expect(await session.simulation.trace.count > 8192, "the export must be long enough to be asked to stop")
        try Data("old\n".utf8).write(to: directory.appendingPathComponent("t.jsonl"))
        let history = session.history

        session.stopSignal = StopAfter(checks: 0)
        let outcome = await session.execute("export trace t.jsonl --force")
        #expect(outcome.error?.message == "interrupted: export stopped; t.jsonl was not written")
        #expect(try SessionFixtures.read(directory.appendingPathComponent("t.jsonl")) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["t.jsonl"])
        #expect(session.history == history)

        session.stopSignal = nil
        #expect(await session.execute("export trace t.jsonl --force").error == nil)
        #expect(try SessionFixtures.read(directory.appendingPathComponent("t.jsonl")).split(separator: "\n").count
                == (await session.simulation.trace.count))
    }
}
