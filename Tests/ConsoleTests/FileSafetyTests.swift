import Console
import Foundation
import Testing

/// Issue 8, defects 15 and 17 in the session: the folders a script may use, how files
/// are written (atomically, 0644, only over regular files, only with --force), what a
/// saved script may hold, and how script text reaches a terminal.
@Suite struct FileSafetyTests {
    /// A submission folder inside a grader's folder holding a file and a secret.
    static func grader() throws -> (folder: TestFolder, session: Session) {
        let folder = try TestFolder()
        try folder.write("grade.sh", "#!/bin/sh\necho grading\n", mode: 0o755)
        try folder.write("secret.env", "TOKEN=hunter2\n")
        try folder.makeFolder("submission")
        return (folder, Session(directory: folder.url.appendingPathComponent("submission")))
    }

    @Test("Absolute paths, .. and symbolic links that lead outside the script's folder are refused",
          arguments: ["save ../grade.dsb --force", "export trace ../grade.sh --force", "record ../rec.dsb",
                      "load ../secret.env", "save /tmp/dsbox-escape.dsb", "load /etc/passwd",
                      "save sub/../../grade.dsb --force", "load out.dsb", "save outdir/x.dsb"])
    func escapesAreRefused(_ line: String) async throws {
        let (folder, session) = try Self.grader()
        symlink(folder.path("secret.env"), folder.path("submission/out.dsb"))
        symlink(folder.url.path, folder.path("submission/outdir"))
        try folder.makeFolder("submission/sub")
        _ = await session.execute("spawn 1")
        let before = folder.snapshot()
        let error = try #require(await session.execute(line).error, "\(line) should be refused")
        #expect(error.message.hasPrefix("refused "), "\(line): \(error.message)")
        #expect(error.message.contains("--allow-paths"))
        #expect(!error.rendered.contains("hunter2"))
        #expect(folder.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/dsbox-escape.dsb"))
    }

    @Test("--allow-paths DIR lets a script use that folder too")
    func allowPathsWidensThePolicy() async throws {
        let folder = try TestFolder()
        try folder.makeFolder("submission")
        try folder.makeFolder("shared")
        let session = Session(directory: folder.url.appendingPathComponent("submission"),
                              allowedPaths: [folder.url.appendingPathComponent("shared")])
        _ = await session.execute("spawn 1")
        #expect(await session.execute("save ../shared/a.dsb").error == nil)
        try folder.write("shared/b.dsb", "local n1\n")
        #expect(await session.execute("load \(folder.path("shared/b.dsb"))").error == nil)
        #expect(await session.execute("save ../b.dsb").error != nil)
    }

    @Test("Every command that writes refuses to overwrite without --force",
          arguments: ["save taken.dsb", "export trace taken.dsb", "export mermaid taken.dsb", "record taken.dsb"])
    func overwritingNeedsForce(_ line: String) async throws {
        let folder = try TestFolder()
        try folder.write("taken.dsb", "keep me\n")
        let session = Session(directory: folder.url)
        _ = await session.execute("spawn 2")
        let error = try #require(await session.execute(line).error)
        #expect(error.message.contains("exists; add --force"), "\(error.message)")
        #expect(folder.read("taken.dsb") == "keep me\n")
        #expect(await session.execute(line + " --force").error == nil)
        #expect(folder.read("taken.dsb") != "keep me\n")
    }

    @Test("Writes replace an executable file with a 0644 one, and never write through a link, FIFO or folder")
    func writesOnlyRegularFilesWithoutExecBit() async throws {
        let folder = try TestFolder()
        try folder.write("run.dsb", "old\n", mode: 0o755)
        try folder.write("target.txt", "untouched\n")
        symlink(folder.path("target.txt"), folder.path("link.dsb"))
        mkfifo(folder.path("pipe.dsb"), 0o644)
        try folder.makeFolder("folder.dsb")
        let session = Session(directory: folder.url)
        _ = await session.execute("spawn 2")
        #expect(await session.execute("save run.dsb --force").error == nil)
        #expect(folder.mode("run.dsb") == 0o644)
        #expect(await session.execute("export shiviz new.log").error == nil)
        #expect(folder.mode("new.log") == 0o644)
        for line in ["save link.dsb --force", "export trace pipe.dsb --force", "record folder.dsb --force", "load pipe.dsb"] {
            let error = try #require(await session.execute(line).error, "\(line)")
            #expect(error.message.contains("symbolic link") || error.message.contains("not a regular file")
                    || error.message.contains("is a directory"), "\(line): \(error.message)")
        }
        #expect(folder.read("target.txt") == "untouched\n")
        #expect(folder.snapshot()["pipe.dsb"] == "fifo")
        // Nothing is left behind from the refused or finished writes.
        #expect(!folder.snapshot().keys.contains { $0.contains(".dsbox-") })
    }

    @Test("save writes canonical lines: no comments, so no shell text such as $(...)")
    func savedScriptsHoldNoShellText() async throws {
        let folder = try TestFolder()
        let session = Session(directory: folder.url)
        for line in ["spawn 2   echo # two nodes", "run 10ms#$(touch pwned)", "send n1 n2 hi#`id`;ls|sh", "partition n1|n2"] {
            #expect(await session.execute(line).error == nil, "\(line)")
        }
        #expect(await session.execute("local n1 $(id)").error != nil)
        #expect(await session.execute("local n1 `id`").error != nil)
        #expect(await session.execute("save a;b.dsb").error != nil)
        #expect(await session.execute("save $(id).dsb").error != nil)
        #expect(await session.execute("save lab.dsb").error == nil)
        let saved = try #require(folder.read("lab.dsb"))
        #expect(saved == "# dsbox session\nseed 1\nspawn 2 echo\nrun 10ms\nsend n1 n2 hi\npartition n1 | n2\n")
        let replay = Session(directory: folder.url)
        #expect(await transcript(of: saved, session: replay).failure == nil)
        #expect(await replay.simulation.trace.allEvents == session.simulation.trace.allEvents)
    }

    @Test("Control characters: refused in a command, escaped when a comment is echoed")
    func controlCharactersNeverReachTheTerminal() async throws {
        let folder = try TestFolder()
        let session = Session(directory: folder.url)
        let script = "# title \u{1B}]0;owned\u{07} clear \u{1B}[2J\nspawn 2\nlocal n1 a\u{1B}[2J\n"
        let run = await transcript(of: script, session: session)
        let failure = try #require(run.failure)
        #expect(failure.line == 3)
        #expect(failure.rendered.contains("\\u{1B}"), "\(failure.rendered)")
        let printed = run.output + failure.rendered
        #expect(!printed.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F })
        #expect(run.output.hasPrefix("# title \\u{1B}]0;owned\\u{7} clear \\u{1B}[2J\n"))
        // From a loaded file too.
        try folder.write("evil.dsb", "# \u{1B}[31mred\nlocal n1 \u{9B}x\n")
        let load = try #require(await session.execute("load evil.dsb").error)
        #expect(!load.rendered.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, "\(load.rendered)")
    }

    @Test("A byte-order mark on line 1 is ignored; U+2028 does not split a line; NUL bytes are refused unseen")
    func scriptTextEdges() async throws {
        let folder = try TestFolder()
        try Data([0xEF, 0xBB, 0xBF] + Array("spawn 2\nrun 1ms\n".utf8)).write(to: folder.url.appendingPathComponent("bom.dsb"))
        try Data(Array("TOKEN=hunter2\u{0}\u{1}\n".utf8)).write(to: folder.url.appendingPathComponent("binary.dsb"))
        try folder.write("notes.txt", "TOKEN=hunter2 is the password\n")
        let session = Session(directory: folder.url)
        #expect(await session.execute("load bom.dsb").error == nil)
        let binary = try #require(await session.execute("load binary.dsb").error)
        #expect(binary.message.contains("not a dsbox script"))
        let notes = try #require(await session.execute("load notes.txt").error)
        #expect(notes.rendered.hasPrefix("error: notes.txt:1: column 1: not a dsbox command"), "\(notes.rendered)")
        for error in [binary, notes] { #expect(!error.rendered.contains("hunter2"), "\(error.rendered)") }
        #expect(ScriptText.lines(of: "spawn 2\u{2028}run 1ms\r\nshow nodes\rheal\n") == ["spawn 2\u{2028}run 1ms", "show nodes", "heal"])
        #expect(ScriptText.problem(in: "spawn 2\u{2028}") != nil)
        // A line holding U+2028 at the prompt is recorded as its canonical words, and
        // the recording replays.
        #expect(await session.execute("record rec.dsb").error == nil)
        #expect(await session.execute("run 2ms\u{2028}").error == nil)
        #expect(await session.execute("record off").error == nil)
        let recorded = try #require(folder.read("rec.dsb"))
        #expect(!recorded.contains("\u{2028}"))
        let replay = Session(directory: folder.url)
        #expect(await transcript(of: recorded, session: replay).output == folder.read("rec.out"))
    }

    @Test("File names with spaces are written in quotes, and a recording that names one replays")
    func quotedFileNames() async throws {
        let folder = try TestFolder()
        let tokens = Tokenizer.tokens(of: #"save "my lab.dsb" --force"#)
        #expect(tokens.map(\.text) == ["save", "my lab.dsb", "--force"])
        #expect(tokens.map(\.column) == [1, 6, 19])
        #expect(ScriptText.canonical(#"export  trace "a b.jsonl"  # x"#) == #"export trace "a b.jsonl""#)
        let session = Session(directory: folder.url)
        #expect(await session.execute("record \"rec 1.dsb\"").error == nil)
        #expect(await session.execute("spawn 2").error == nil)
        #expect(await session.execute("save \"my lab.dsb\"").output == "saved seed and 1 command to my lab.dsb")
        #expect(await session.execute("export trace \"my trace.jsonl\"").error == nil)
        #expect(await session.execute("record off").error == nil)
        #expect(folder.exists("my lab.dsb") && folder.exists("my trace.jsonl") && folder.exists("rec 1.out"))
        for bad in [#"save """#, #"save " lab.dsb""#, #"save "a;b.dsb""#] {
            #expect(await session.execute(bad).error != nil, "\(bad)")
        }
        let replay = Session(directory: folder.url)
        #expect(await transcript(of: folder.read("rec 1.dsb") ?? "", session: replay).output == folder.read("rec 1.out"))
    }

    @Test("record while recording refuses and keeps the first recording")
    func recordWhileRecordingRefuses() async throws {
        let folder = try TestFolder()
        let session = Session(directory: folder.url)
        #expect(await session.execute("record first.dsb").error == nil)
        let error = try #require(await session.execute("record other.dsb").error)
        #expect(error.message == "already recording to first.dsb; record off first")
        #expect(!folder.exists("other.dsb"))
        #expect(await session.execute("spawn 1").error == nil)
        #expect(folder.read("first.dsb")?.hasSuffix("spawn 1\n") == true)
    }

    @Test("A failed spawn of a Raft cluster leaves the safety checker off")
    func failedRaftSpawnTurnsNothingOn() async throws {
        let session = Session(directory: try TestFolder().url)
        #expect(await session.execute("spawn 2").error == nil)
        #expect(await session.execute("spawn n1 n5 raft").error != nil)
        #expect(await session.execute("check").output.hasPrefix("nothing to check"))
    }
}
