import Foundation

/// `record FILE.dsb`: writes the session as it happens to `FILE.dsb` (the script) and
/// `FILE.out` (the transcript `dsbox run FILE.dsb` prints), the same pair `sessions/`
/// holds. Each command is written and handed to the operating system as soon as it
/// succeeds, so a crash of dsbox or of the terminal loses nothing already typed. A
/// write that fails (a full disk) ends the recording with a ``problem``, never a crash.
final class Recorder {
    /// The script's name as the person wrote it.
    let name: String
    private let script: AtomicFile
    private let transcript: AtomicFile
    /// Entries kept back while a `load` runs: written if it succeeds, dropped if not.
    private var heldBack: [Session.HistoryEntry]?
    /// Why the recording could not be written, once it could not.
    private(set) var problem: FileProblem?

    /// Writes both files (atomically, mode 0644, only over regular files and only with
    /// `force`) with the header and `entries` so far, and keeps them open.
    init(script scriptURL: URL, name: String, transcript transcriptURL: URL, transcriptName: String,
         force: Bool, seed: UInt64, entries: [Session.HistoryEntry]) throws(FileProblem) {
        self.name = name
        script = try AtomicFile(target: scriptURL, name: name, force: force)
        transcript = try AtomicFile(target: transcriptURL, name: transcriptName, force: force)
        try write("# dsbox session\nseed \(seed)\n", "# dsbox session\n> seed \(seed)\n")
        for entry in entries { try write(entry) }
        try script.commit()
        try transcript.commit()
    }

    func append(_ entry: Session.HistoryEntry) {
        guard problem == nil else { return }
        if heldBack != nil {
            heldBack!.append(entry)
            return
        }
        do {
            try write(entry)
        } catch {
            problem = error
        }
    }

    func holdBack() { heldBack = heldBack ?? [] }

    func release() {
        let entries = heldBack ?? []
        heldBack = nil
        for entry in entries { append(entry) }
    }

    func discardHeldBack() { heldBack = nil }

    func close() {
        script.close()
        transcript.close()
    }

    private func write(_ entry: Session.HistoryEntry) throws(FileProblem) {
        let line = ScriptText.canonical(entry.line)
        try write(line + "\n", "> " + line + "\n" + (entry.output.isEmpty ? "" : entry.output + "\n"))
    }

    private func write(_ scriptText: String, _ transcriptText: String) throws(FileProblem) {
        try script.write(scriptText)
        try transcript.write(transcriptText)
    }
}

extension Session {
    func startRecording(_ path: String, force: Bool, _ parsed: ParsedCommand) throws -> String {
        if let recorder { throw fileError("already recording to \(recorder.name); record off first", parsed) }
        guard Self.isScriptName(path) else {
            throw fileError("record writes NAME.dsb and NAME.out; give a name ending in .dsb", parsed)
        }
        let outPath = String(path.dropLast(4)) + ".out"
        let url = try resolveFile(path, for: .write, parsed)
        let transcriptURL = try resolveFile(outPath, for: .write, parsed)
        let existing = [url, transcriptURL].filter { FileManager.default.fileExists(atPath: $0.path) }
        if !existing.isEmpty, !force {
            let names = existing.map(\.lastPathComponent).joined(separator: " and ")
            throw fileError("\(names) \(existing.count == 1 ? "exists" : "exist"); add --force to overwrite", parsed)
        }
        do {
            recorder = try Recorder(script: url, name: path, transcript: transcriptURL, transcriptName: outPath,
                                    force: force, seed: seed, entries: history)
        } catch {
            throw fileError("\(error)", parsed)
        }
        unsavedCommands = 0  // the recording holds the whole session from now on
        return "recording to \(path) and \(outPath) (\(history.count) command\(history.count == 1 ? "" : "s") so far)"
    }

    func stopRecording(_ parsed: ParsedCommand) throws -> String {
        guard let recorder else {
            throw CommandError(column: column(ofArgument: 1, parsed), message: "not recording", usage: catalog.entry(for: "record")!.usage)
        }
        recorder.release()  // inside a load: what it did so far is written before the files close
        recorder.close()
        self.recorder = nil
        return "stopped recording to \(recorder.name)"
    }

    /// When the recording could not be written: ends it and says so; the session goes on.
    func takeRecordingProblem() -> String {
        guard let recorder, let problem = recorder.problem else { return "" }
        recorder.close()
        self.recorder = nil
        unsavedCommands = history.count  // the recording stopped short of them
        return "warning: recording to \(recorder.name) stopped: \(problem); the session goes on (save FILE.dsb keeps it)"
    }
}
