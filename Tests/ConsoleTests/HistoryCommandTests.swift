import Console
import Foundation
import Testing

/// `history` lists exactly what `save` would write: the seed, then every command that
/// succeeded, with failed commands, `help` and `history` itself left out.
@Suite struct HistoryCommandTests {
    @Test func historyListsWhatSaveWrites() async throws {
        let directory = try LiveAndRecordTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(seedOverride: 4, directory: directory)
        for line in ["spawn 2", "send n1 n2 a", "crash n9", "help crash", "history", "run 10ms"] { _ = await session.execute(line) }
        let listed = await session.execute("history")
        #expect(listed.error == nil)
        #expect(listed.output == "seed 4\nspawn 2\nsend n1 n2 a\nrun 10ms")
        #expect(await session.execute("save s.dsb").error == nil)
        let saved = try SessionFixtures.read(directory.appendingPathComponent("s.dsb"))
        #expect(saved == "# dsbox session\n" + listed.output + "\n")
    }
}
