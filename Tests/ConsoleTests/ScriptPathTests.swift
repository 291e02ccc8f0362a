import Console
import Foundation
import Testing

/// Issue 8, defect 2: a script's file names resolve against the folder of the script
/// that names them, wherever dsbox was started, and a file that cannot be read says why
/// and where dsbox looked.
@Suite struct ScriptPathTests {
    @Test("load, save, export and record inside a loaded script resolve against its folder")
    func pathsResolveAgainstTheLoadedScript() async throws {
        let folder = try TestFolder()
        try folder.makeFolder("course/out")
        try folder.write("course/lab.dsb", "spawn 2 echo\nload lib/pair.dsb\nsave out/saved.dsb\n")
        try folder.write("course/lib/pair.dsb", "send n1 n2 hi\nrun 10ms\nload more/last.dsb\nexport trace here.jsonl\n")
        try folder.write("course/lib/more/last.dsb", "local n1 done\n")
        // The session's folder is elsewhere, as when `dsbox run course/lab.dsb` is typed
        // in another folder: only the script's own folder counts.
        let session = Session(directory: folder.url.appendingPathComponent("course"))
        let text = try #require(folder.read("course/lab.dsb"))
        let run = await transcript(of: text, session: session)
        #expect(run.failure == nil, "\(run.failure?.rendered ?? "")")
        #expect(folder.exists("course/out/saved.dsb"))
        #expect(folder.exists("course/lib/here.jsonl"))
        #expect(!folder.exists("course/here.jsonl"))
        #expect(run.output.contains(">> local n1 done"))
    }

    @Test("The prompt resolves file names against the session's folder")
    func promptUsesTheSessionFolder() async throws {
        let folder = try TestFolder()
        try folder.write("lib/pair.dsb", "spawn 2\n")
        let session = Session(directory: folder.url)
        #expect(await session.execute("load lib/pair.dsb").error == nil)
        #expect(await session.execute("save lab.dsb").error == nil)
        #expect(folder.exists("lab.dsb"))
    }

    @Test("A file that cannot be read: why, and the absolute path dsbox looked at")
    func unreadableFileSaysWhyAndWhere() async throws {
        let folder = try TestFolder()
        try folder.makeFolder("lib/folder.dsb")
        let session = Session(directory: folder.url)
        let missing = try #require(await session.execute("load lib/echo-pair.dsb").error)
        #expect(missing.message == "cannot read lib/echo-pair.dsb: no such file")
        #expect(missing.column == 6)
        // From a script in another folder, as `dsbox run course/lab.dsb` runs it: where
        // dsbox looked, from where the person is.
        try folder.write("course/lab.dsb", "load lib/echo-pair.dsb\n")
        let script = Session(directory: folder.url.appendingPathComponent("course"), directoryName: "course")
        let failure = try #require(await transcript(of: "load lib/echo-pair.dsb\n", file: "course/lab.dsb", session: script).failure)
        #expect(failure.rendered.hasPrefix(
            "course/lab.dsb:1: error: column 6: cannot read lib/echo-pair.dsb: no such file (looked in course/lib/echo-pair.dsb)"),
            "\(failure.rendered)")
        let directory = try #require(await session.execute("load lib/folder.dsb").error)
        #expect(directory.message.contains("is a directory"), "\(directory.message)")
        let noFolder = try #require(await session.execute("save nowhere/x.dsb").error)
        #expect(noFolder.message == "cannot write nowhere/x.dsb: no such folder")
    }

    @Test("The tour replays to its transcript with the session folder set as dsbox run sets it")
    func tourReplaysFromItsOwnFolder() async throws {
        let sessions = SessionFixtures.sessionsDirectory
        let text = try String(contentsOf: sessions.appendingPathComponent("tour.dsb"), encoding: .utf8)
        let expected = try String(contentsOf: sessions.appendingPathComponent("tour.out"), encoding: .utf8)
        // In a scratch copy, so the test leaves the source tree alone.
        let copy = try SessionFixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let run = await transcript(of: text, file: "sessions/tour.dsb", session: Session(directory: copy))
        #expect(run.failure == nil, "\(run.failure?.rendered ?? "")")
        #expect(run.output == expected)
    }
}
