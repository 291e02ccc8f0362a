import Console
import Foundation

/// Where the saved sessions live, and a way to replay one in a scratch copy of that
/// folder (so files a session saves or exports never land in the source tree).
enum SessionFixtures {
    static let sessionsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sessions")

    /// Every `NAME.dsb` in sessions/, sorted by name.
    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessionsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".dsb") }.sorted()
    }

    /// A fresh copy of sessions/ in a temporary folder.
    static func scratchCopy() throws -> URL {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("dsbox-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.copyItem(at: sessionsDirectory, to: scratch)
        return scratch
    }

    /// The transcript `dsbox run` prints for `text`, run in `directory`.
    static func transcript(of text: String, file: String, in directory: URL, seed: UInt64? = nil)
        async -> (output: String, failure: ScriptRunner.Failure?) {
        let session = Session(seedOverride: seed, directory: directory)
        var output = ""
        let failure = await ScriptRunner(session: session).run(text, file: file) { output += $0 }
        return (output, failure)
    }

    static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
