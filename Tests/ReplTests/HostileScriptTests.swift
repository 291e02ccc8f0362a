import Foundation
import Glibc
import Testing

extension ReplTests {
    /// Issue 8, defect 15, through the real binary: a grader replays a submission from
    /// another folder (`cd grader && dsbox run ../submission/lab.dsb`). Whatever the
    /// script tries, nothing outside the submission changes, nothing written is
    /// executable, and no raw control byte reaches the grader's terminal.
    @Suite struct HostileScripts {
        /// Each trick is the middle line of its own lab.dsb (a run stops at its first
        /// error); `refused` says whether dsbox must stop the script there.
        static let tricks: [(line: String, refused: Bool)] = [
            ("save ROOT/abs.dsb", true),
            ("save ../grader/grade.sh --force", true),
            ("export trace ../grader/grade.sh --force", true),
            ("record ../grader/rec.dsb", true),
            ("save sub/../../grader/grade.sh --force", true),
            ("load ../grader/secret.env", true),
            ("load ROOT/grader/secret.env", true),
            ("load outlink.dsb", true),
            ("save existing.dsb", true),
            ("export mermaid existing.dsb", true),
            ("save link.dsb --force", true),
            ("export trace link.dsb --force", true),
            ("save linkdir/x.dsb", true),
            ("export shiviz fifo.dsb --force", true),
            ("record fifo.dsb --force", true),
            ("load fifo.dsb", true),
            ("export trace /dev/null --force", true),
            ("local n1 $(touch pwned)", true),
            ("local n1 `touch pwned`", true),
            ("local n1 a\u{1B}]0;owned\u{07}", true),
            ("send n1 n2 x\u{1B}[2J", true),
            ("# \u{1B}[2J\u{1B}]52;c;b3duZWQ=\u{07}\u{9B}31m clipboard and clear screen", false),
            ("run 10ms#$(touch pwned);`touch pwned`|sh", false),
            ("save run.dsb --force", false),
        ]

        @Test("A hostile submission replayed from another folder changes nothing outside it")
        func hostileSubmissionIsContained() throws {
            let scratch = try Scratch()
            let root = scratch.work.resolvingSymlinksInPath()
            let grader = root.appendingPathComponent("grader"), submission = root.appendingPathComponent("submission")
            for folder in [grader, submission, submission.appendingPathComponent("sub")] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try write("#!/bin/sh\necho grading\n", to: grader.appendingPathComponent("grade.sh"), mode: 0o755)
            try write("TOKEN=hunter2\n", to: grader.appendingPathComponent("secret.env"), mode: 0o600)
            try write("the student's own file\n", to: submission.appendingPathComponent("existing.dsb"), mode: 0o644)
            try write("old\n", to: submission.appendingPathComponent("run.dsb"), mode: 0o755)
            symlink("../grader/grade.sh", submission.appendingPathComponent("link.dsb").path)
            symlink("../grader/secret.env", submission.appendingPathComponent("outlink.dsb").path)
            symlink("../grader", submission.appendingPathComponent("linkdir").path)
            mkfifo(submission.appendingPathComponent("fifo.dsb").path, 0o644)
            let outside = Tree.snapshot(root, skipping: "submission")

            for trick in Self.tricks {
                let line = trick.line.replacingOccurrences(of: "ROOT", with: root.path)
                let script = "spawn 2\n\(line)\nsave after.dsb --force\n"
                try write(script, to: submission.appendingPathComponent("lab.dsb"), mode: 0o644)
                let result = try DsboxExecutable.run(["run", "../submission/lab.dsb"], in: grader, home: scratch.home)
                let printed = result.standardOutput + result.standardError
                #expect((result.status != 0) == trick.refused, "\(line): status \(result.status)\n\(printed)")
                if trick.refused {
                    #expect(result.standardError.hasPrefix("../submission/lab.dsb:2: error:"), "\(line): \(result.standardError)")
                }
                #expect(!printed.contains("hunter2"), "\(line) printed the secret:\n\(printed)")
                let raw = printed.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
                #expect(raw == nil, "\(line) printed a raw control character \(raw.map { String($0.value, radix: 16) } ?? "")")
                #expect(Tree.snapshot(root, skipping: "submission") == outside, "\(line) changed a file outside the submission")
            }
            let left = Tree.snapshot(submission, skipping: nil)
            for (name, entry) in left where entry.hasPrefix("file") {
                #expect(entry.hasPrefix("file 644 "), "\(name) is \(entry.prefix(12))")
            }
            #expect(left["existing.dsb"] == "file 644 the student's own file\n")
            #expect(left["link.dsb"] == "-> ../grader/grade.sh")
            #expect(left["fifo.dsb"] == "fifo")
            #expect(!left.keys.contains { $0.contains(".dsbox-") }, "a temporary file was left: \(left.keys.sorted())")
            for saved in ["after.dsb", "run.dsb"] {
                let text = try #require(left[saved])
                #expect(!text.contains("$(") && !text.contains("`") && !text.contains(";") && !text.contains("#$"), "\(saved): \(text)")
            }
            #expect(!FileManager.default.fileExists(atPath: grader.appendingPathComponent("pwned").path))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("abs.dsb").path))
        }

        @Test("--allow-paths DIR lets the grader give a script one more folder")
        func allowPathsOnTheCommandLine() throws {
            let scratch = try Scratch()
            let root = scratch.work.resolvingSymlinksInPath()
            let shared = root.appendingPathComponent("shared"), submission = root.appendingPathComponent("submission")
            for folder in [shared, submission] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            try write("spawn 2\nsave ../shared/kept.dsb\n", to: submission.appendingPathComponent("lab.dsb"), mode: 0o644)
            let refused = try DsboxExecutable.run(["run", "submission/lab.dsb"], in: root, home: scratch.home)
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("refused ../shared/kept.dsb: outside submission"), "\(refused.standardError)")
            let allowed = try DsboxExecutable.run(["run", "submission/lab.dsb", "--allow-paths", "shared"], in: root, home: scratch.home)
            #expect(allowed.status == 0, "\(allowed.standardError)")
            #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("kept.dsb").path))
        }

        @Test("dsbox --version, and a script named without run gets a hint")
        func versionAndForgottenRun() throws {
            let scratch = try Scratch()
            let version = try DsboxExecutable.run(["--version"], in: scratch.work, home: scratch.home)
            #expect(version.status == 0)
            #expect(try Regex(#"^dsbox \d+\.\d+\.\d+\n$"#).wholeMatch(in: version.standardOutput) != nil, "\(version.standardOutput)")
            let forgot = try DsboxExecutable.run(["sessions/tour.dsb"], in: scratch.work, home: scratch.home)
            #expect(forgot.status != 0)
            #expect(forgot.standardError.contains("did you mean: dsbox run sessions/tour.dsb?"), "\(forgot.standardError)")
        }

        @Test("The tour replays from the repository root and leaves nothing behind but sessions/out/")
        func tourFromTheRepositoryRoot() throws {
            let scratch = try Scratch()
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            // A copy of sessions/ in a fresh "repository", run as the README says.
            let copy = scratch.work.appendingPathComponent("repo")
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("sessions"), to: copy.appendingPathComponent("sessions"))
            try? FileManager.default.removeItem(at: copy.appendingPathComponent("sessions/out/tour-saved.dsb"))
            try? FileManager.default.removeItem(at: copy.appendingPathComponent("sessions/out/tour-trace.jsonl"))
            let before = Tree.snapshot(copy, skipping: "out")
            let expected = try String(contentsOf: copy.appendingPathComponent("sessions/tour.out"), encoding: .utf8)
            for _ in 0..<2 {  // twice: the second run replaces the first run's files
                let run = try DsboxExecutable.run(["run", "sessions/tour.dsb"], in: copy, home: scratch.home)
                #expect(run.status == 0, "\(run.standardError)")
                #expect(run.standardOutput == expected)
            }
            #expect(Tree.snapshot(copy, skipping: "out") == before)
            let saved = try DsboxExecutable.run(["run", "sessions/out/tour-saved.dsb"], in: copy, home: scratch.home)
            #expect(saved.status == 0, "the tour's saved session replays: \(saved.standardError)")
        }
    }
}

private func write(_ text: String, to url: URL, mode: Int) throws {
    try Data(text.utf8).write(to: url)
    chmod(url.path, mode_t(mode))
}

/// Every entry below a folder, with its type, mode and contents, to tell whether anything changed.
enum Tree {
    static func snapshot(_ root: URL, skipping skipped: String?) -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let name = enumerator?.nextObject() as? String {
            if let skipped, name == skipped || name.hasPrefix(skipped + "/") || name.hasSuffix("/" + skipped) || name.contains("/" + skipped + "/") {
                enumerator?.skipDescendants()
                continue
            }
            let path = root.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFLNK: result[name] = "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            case S_IFREG:
                let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "?"
                result[name] = "file " + String(info.st_mode & 0o777, radix: 8) + " " + text
            case S_IFIFO: result[name] = "fifo"
            case S_IFDIR: result[name] = "folder"
            default: result[name] = "other"
            }
        }
        return result
    }
}
