import Foundation
import Glibc

/// Why a REPL test could not go on: a timeout, a missing binary, a system call that
/// failed. The description carries what the terminal showed, so a failure explains itself.
struct ReplTestError: Error, CustomStringConvertible {
    let description: String
}

/// The real `dsbox` binary, as `swift build` left it, and a way to run it without a
/// terminal (`dsbox run FILE`).
enum DsboxExecutable {
    /// The built `dsbox`: beside the test runner (`.build/<triple>/debug/`), in an
    /// enclosing `.build/debug/`, or in this package's `.build/debug/`.
    static func url() throws -> URL {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0],
                         relativeTo: URL(fileURLWithPath: fileManager.currentDirectoryPath))
            .standardizedFileURL.resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory.appendingPathComponent("dsbox"))
            if directory.lastPathComponent == ".build" {
                candidates.append(directory.appendingPathComponent("debug/dsbox"))
            }
            directory = directory.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/dsbox"))
        for candidate in candidates where fileManager.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw ReplTestError(description: """
            the dsbox executable was not found; build it first (swift build, or swift build --build-tests). \
            Looked beside the test runner \(runner.path) and in \(packageRoot.path)/.build/debug/
            """)
    }

    /// What a plain (terminal-less) run of dsbox printed.
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs `dsbox ARGUMENTS` in `directory` with no terminal, and kills it if it has not
    /// finished within `timeout`.
    static func run(_ arguments: [String], in directory: URL, home: URL,
                    timeout: Duration = .seconds(20)) throws -> Result {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = DsboxTerminal.environment(home: home)
        // Files rather than pipes: nothing can block on a full pipe, and the deadline holds.
        let outputs = FileManager.default.temporaryDirectory
            .appendingPathComponent("dsbox-plain-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let outURL = outputs.appendingPathComponent("stdout"), errURL = outputs.appendingPathComponent("stderr")
        for url in [outURL, errURL] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw ReplTestError(description: "cannot create \(url.path)")
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw ReplTestError(description: "dsbox \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// A fresh home directory (where the history file lives) and working directory for
/// one test, removed when the test is done with it.
final class Scratch {
    let root: URL
    let home: URL
    let work: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("dsbox-repl-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        home = root.appendingPathComponent("home")
        work = root.appendingPathComponent("work")
        for directory in [home, work] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: work.appendingPathComponent(name)), as: UTF8.self)
    }
}
