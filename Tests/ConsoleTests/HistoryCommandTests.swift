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

    @Test("the unsaved count is what save would add: reset clears it, a recording keeps everything")
    func unsavedCountMatchesWhatSaveWouldAdd() async throws {
        let directory = try LiveAndRecordTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        for line in ["spawn 3", "local n1", "crash n9"] { _ = await session.execute(line) }
        #expect(session.unsavedCommands == 2)
        _ = await session.execute("reset")
        #expect(session.unsavedCommands == 0, "nothing before a reset can be saved")
        _ = await session.execute("spawn 2")
        #expect(session.unsavedCommands == 1)
        _ = await session.execute("record lab.dsb")
        #expect(session.unsavedCommands == 0, "the recording holds the session so far")
        _ = await session.execute("local n1")
        #expect(session.unsavedCommands == 0, "and everything after")
        _ = await session.execute("record off")
        _ = await session.execute("local n2")
        #expect(session.unsavedCommands == 1)
        _ = await session.execute("save s.dsb")
        #expect(session.unsavedCommands == 0)
    }
}
