import Console
import Foundation
import Testing

/// Ctrl-C during an export (JSONL, Mermaid, ShiViz) stops it, leaves no half-written
/// file (and no temporary one), keeps an older file as it was, and is not kept in the
/// history.
@Suite struct ExportInterruptTests {
    @Test(arguments: ["trace t.jsonl", "mermaid t.mmd", "shiviz t.log"])
    func anInterruptedExportWritesNothing(_ target: String) async throws {
        let file = String(target.split(separator: " ")[1])
        let directory = try LiveAndRecordTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        for line in ["spawn 100 flood", "send n1 n2 rumour", "run 1s quiet"] { #expect(await session.execute(line).error == nil) }
        #expect(await session.simulation.trace.count > 8192, "the export must be long enough to be asked to stop")
        try Data("old\n".utf8).write(to: directory.appendingPathComponent(file))
        let history = session.history

        session.stopSignal = StopAfter(checks: 0)
        let outcome = await session.execute("export \(target) --force")
        #expect(outcome.error?.message == "interrupted: export stopped; \(file) was not written")
        #expect(try SessionFixtures.read(directory.appendingPathComponent(file)) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [file])
        #expect(session.history == history)

        session.stopSignal = nil
        #expect(await session.execute("export \(target) --force").error == nil)
        let written = try SessionFixtures.read(directory.appendingPathComponent(file))
        if file.hasSuffix(".jsonl") {
            #expect(written.split(separator: "\n").count == (await session.simulation.trace.count))
        } else {
            #expect(written != "old\n" && written.hasSuffix("\n"))
        }
    }
}
