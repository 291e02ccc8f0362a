import Foundation
import Glibc
import Testing

extension ReplTests {
    /// Issue 8, defects 16 and 17, through the real binary: writes that fail (here:
    /// past a file-size limit, `ulimit -f`, which fails writes as a full disk does) are
    /// clear errors, never a crash; a recording that cannot be written says so and the
    /// session goes on; a `save` that fails leaves the old file as it was.
    @Suite struct WriteErrors {
        @Test("A full disk ends the recording with a warning, fails save cleanly, and keeps the old file")
        func writeErrorsAreReportedNotFatal() throws {
            let scratch = try Scratch()
            let work = scratch.work
            try Data("original\n".utf8).write(to: work.appendingPathComponent("keep.dsb"))
            let commands = ["record rec.dsb", "spawn 30 flood", "send n1 n2 rumour", "run 1s", "spawn n40"]
                + Array(repeating: "local n40 x", count: 700) + ["save keep.dsb --force", "show nodes"]
            try Data((commands.joined(separator: "\n") + "\n").utf8).write(to: work.appendingPathComponent("in.dsb"))
            let binary = try DsboxExecutable.url().path
            // Only dsbox runs under the limit; `cat` keeps its standard output whole.
            let shell = "trap '' XFSZ; ( ulimit -f 8; exec \"$0\" < in.dsb 2> err.txt ) | cat > out.txt; echo ${PIPESTATUS[0]} > status.txt"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", shell, binary]
            process.currentDirectoryURL = work
            process.environment = DsboxTerminal.environment(home: scratch.home)
            try process.run()
            process.waitUntilExit()
            let status = try scratch.read("status.txt").trimmingCharacters(in: .whitespacesAndNewlines)
            let output = try scratch.read("out.txt"), errors = try scratch.read("err.txt")
            #expect(status == "1", "dsbox should stop with an error, not a signal: status \(status)\n\(errors)")
            #expect(output.contains("warning: recording to rec.dsb stopped: cannot write rec.out: file too large; the session goes on"),
                    "\(output.suffix(600))")
            #expect(output.contains("> spawn n40\n"), "the session went on after the recording stopped")
            #expect(output.split(separator: "\n").contains { $0.hasPrefix("e") && $0.contains(" n40 ") && $0.contains(" spawn ") },
                    "the spawn took effect: \(output.suffix(300))")
            #expect(errors.hasPrefix("<stdin>:706: error: column 6: cannot write keep.dsb: file too large"), "\(errors)")
            #expect(try scratch.read("keep.dsb") == "original\n")
            let left = try FileManager.default.contentsOfDirectory(atPath: work.path)
            #expect(!left.contains { $0.contains(".dsbox-") }, "temporary files left: \(left)")
        }

        @Test("A transcript that cannot be written to standard output is an error with status 1, not a crash")
        func fullStandardOutputIsAnError() throws {
            let scratch = try Scratch()
            try Data("spawn 3\nsend n1 n2\nrun 1s\n".utf8).write(to: scratch.work.appendingPathComponent("lab.dsb"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "\"$0\" run lab.dsb > /dev/full 2> err.txt; echo $? > status.txt", try DsboxExecutable.url().path]
            process.currentDirectoryURL = scratch.work
            process.environment = DsboxTerminal.environment(home: scratch.home)
            try process.run()
            process.waitUntilExit()
            #expect(try scratch.read("status.txt") == "1\n")
            #expect(try scratch.read("err.txt") == "dsbox: cannot write the transcript to standard output: No space left on device\n")
        }
    }
}
