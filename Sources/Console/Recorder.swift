import Foundation

/// `record FILE.dsb`: writes the session as it happens to `FILE.dsb` (the script) and
/// `FILE.out` (the transcript `dsbox run FILE.dsb` prints), the same pair `sessions/`
/// holds. Each command is written and handed to the operating system as soon as it
/// succeeds, so a crash of dsbox or of the terminal loses nothing already typed.
final class Recorder {
    let scriptURL: URL
    let transcriptURL: URL
    private let script: FileHandle
    private let transcript: FileHandle

    /// Creates (or truncates) both files and writes the header and `entries` so far.
    init(scriptURL: URL, seed: UInt64, entries: [Session.HistoryEntry]) throws {
        self.scriptURL = scriptURL
        self.transcriptURL = scriptURL.deletingPathExtension().appendingPathExtension("out")
        for url in [scriptURL, transcriptURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        script = try FileHandle(forWritingTo: scriptURL)
        transcript = try FileHandle(forWritingTo: transcriptURL)
        write("# dsbox session\nseed \(seed)\n", "# dsbox session\n> seed \(seed)\n")
        for entry in entries { append(entry) }
    }

    func append(_ entry: Session.HistoryEntry) {
        write(entry.line + "\n", entry.transcript)
    }

    func close() {
        try? script.close()
        try? transcript.close()
    }

    private func write(_ scriptText: String, _ transcriptText: String) {
        script.write(Data(scriptText.utf8))
        transcript.write(Data(transcriptText.utf8))
    }
}

extension Session {
    func startRecording(_ path: String, force: Bool, _ parsed: ParsedCommand) throws -> String {
        guard path.hasSuffix(".dsb") else {
            throw fileError("record writes NAME.dsb and NAME.out; give a name ending in .dsb", parsed)
        }
        let url = resolve(path)
        let transcriptURL = url.deletingPathExtension().appendingPathExtension("out")
        let existing = [url, transcriptURL].filter { FileManager.default.fileExists(atPath: $0.path) }
        if !existing.isEmpty, !force {
            throw fileError("\(existing.map(\.lastPathComponent).joined(separator: " and ")) exists; add --force to overwrite", parsed)
        }
        // A recording that cannot start leaves the current one running.
        let started: Recorder
        do {
            started = try Recorder(scriptURL: url, seed: seed, entries: history)
        } catch {
            throw fileError("cannot write \(path)", parsed)
        }
        recorder?.close()
        recorder = started
        let outPath = String(path.dropLast(4)) + ".out"
        return "recording to \(path) and \(outPath) (\(history.count) command\(history.count == 1 ? "" : "s") so far)"
    }

    func stopRecording(_ parsed: ParsedCommand) throws -> String {
        guard let recorder else {
            throw CommandError(column: column(ofArgument: 1, parsed), message: "not recording", usage: CommandCatalog.entry(for: "record")!.usage)
        }
        recorder.close()
        self.recorder = nil
        return "stopped recording to \(recorder.scriptURL.lastPathComponent)"
    }
}
