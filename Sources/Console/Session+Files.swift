import Foundation
import SandboxCore
import Simulator

extension Session {
    /// The deepest `load` may nest (a script loading a script …).
    static let maximumLoadDepth = 8

    /// The session so far as a script: the seed, then every command that succeeded, each
    /// written as its canonical line (no comments, words joined by one space).
    public var script: String {
        (["# dsbox session", "seed \(seed)"] + history.map { ScriptText.canonical($0.line) }).joined(separator: "\n") + "\n"
    }

    /// Where the file `name` of a command is: resolved against the folder of the script
    /// that names it, and checked against the session's ``PathPolicy``.
    func resolveFile(_ name: String, for purpose: PathPolicy.Purpose, _ parsed: ParsedCommand) throws -> URL {
        do {
            return try pathPolicy.resolve(name, base: scriptDirectory, for: purpose)
        } catch {
            throw fileError("\(error)", parsed)
        }
    }

    /// `save FILE [--force]`: the script, written atomically (a temporary file renamed
    /// into place), mode 0644, only over a regular file and only with `--force`.
    func save(_ path: String, force: Bool, _ parsed: ParsedCommand) throws -> String {
        // A script is NAME.dsb: saving over a file of another kind (a shell script, a
        // notebook) is never what a session meant.
        guard Self.isScriptName(path) else { throw fileError("save writes a script; give a name ending in .dsb", parsed) }
        let url = try resolveFile(path, for: .write, parsed)
        do {
            try SafeFile.write(script, to: url, name: path, force: force)
        } catch {
            throw fileError("\(error)", parsed)
        }
        unsavedCommands = 0
        let count = history.count
        return "saved seed and \(count) command\(count == 1 ? "" : "s") to \(path)"
    }

    /// `NAME.dsb` with a name before the extension, in any folder.
    static func isScriptName(_ path: String) -> Bool {
        path.hasSuffix(".dsb") && !(path as NSString).lastPathComponent.dropLast(4).isEmpty
    }

    /// `load FILE`: runs every line of a script in this session; lines are shown as
    /// `>> line`. File names in it resolve against its own folder. All or nothing: at
    /// the first error, or at Ctrl-C between two lines, the session goes back to what it
    /// was before the load (files the script wrote stay written), and the error names
    /// the innermost file and line once. A file that is already being loaded is refused.
    func load(_ path: String, _ parsed: ParsedCommand) async throws -> String {
        let url = try resolveFile(path, for: .read, parsed)
        let name = shownName(of: url)
        if let start = loadStack.firstIndex(where: { $0.path == url.path }) {
            let cycle = (loadStack[start...].map(\.name) + [name]).joined(separator: " → ")
            throw fileError("refused: load cycle \(cycle) (a script cannot load itself)", parsed)
        }
        guard loadStack.count < Self.maximumLoadDepth else {
            throw fileError("load nests deeper than \(Self.maximumLoadDepth) files", parsed)
        }
        let text: String
        do {
            text = try ScriptFile.read(url, name: path, lookedIn: pathPolicy.lookedIn(url.path, name: path))
        } catch {
            throw fileError("\(error)", parsed)
        }
        let before = loadStack.isEmpty ? SessionSnapshot(self) : nil
        let loaderDirectory = scriptDirectory
        loadStack.append((url.path, name))
        scriptDirectory = url.deletingLastPathComponent()
        if before != nil { recorder?.holdBack() }
        defer {
            loadStack.removeLast()
            scriptDirectory = loaderDirectory
        }
        do {
            let output = try await runLines(of: text, name: name, isScript: url.pathExtension == "dsb")
            if before != nil { recorder?.release() }
            return output
        } catch {
            if let before { await restore(before) }
            throw error
        }
    }

    /// The lines of a loaded script, run one by one. Errors in a file that is not a
    /// `.dsb` script point at the line and column but do not repeat its text: it may
    /// be anything (notes, a configuration file) and is not for the screen.
    private func runLines(of text: String, name: String, isScript: Bool) async throws -> String {
        var output: [String] = []
        for (number, line) in ScriptText.lines(of: text).enumerated() {
            if stopSignal?.isStopRequested == true {
                throw CommandError(column: 1, message: "load interrupted (Ctrl-C); nothing it did was kept",
                                   location: "\(name):\(number + 1)")
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            output.append(ScriptText.escaped(trimmed.isEmpty || trimmed.hasPrefix("#") ? line : ">> " + line))
            if let problem = ScriptText.problem(in: line) {
                throw CommandError(column: problem.column, message: problem.message, location: "\(name):\(number + 1)")
            }
            let outcome = await execute(line)
            if !outcome.output.isEmpty { output.append(outcome.output) }
            if let error = outcome.error {
                // An error from a nested load already names its own file and line.
                if error.location != nil { throw error }
                guard isScript else {
                    throw CommandError(column: error.column, message: "not a dsbox command (\(name) is not a .dsb script, so its text is not shown)",
                                       location: "\(name):\(number + 1)")
                }
                throw CommandError(column: error.column, message: ScriptText.escaped(error.message), usage: error.usage,
                                   location: "\(name):\(number + 1)")
            }
            if outcome.quit { break }
        }
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n")
    }

    /// A file as errors name it: from the session's folder when inside it.
    private func shownName(of url: URL) -> String { pathPolicy.shown(url.path) }

    /// Puts the session back as `snapshot` found it. The simulation is rebuilt by
    /// replaying the kept history from the seed (the same replay `save` promises), and
    /// only when something kept has changed.
    private func restore(_ snapshot: SessionSnapshot) async {
        if snapshot.seed != seed || snapshot.history != history {
            let rebuilt = Session(seedOverride: snapshot.seed, directory: directory)
            for entry in snapshot.history { _ = await rebuilt.execute(entry.line) }
            simulation = rebuilt.simulation
        }
        seed = snapshot.seed
        history = snapshot.history
        unsavedCommands = snapshot.unsavedCommands
        lastShownEvent = snapshot.lastShownEvent
        live = snapshot.live
        if recorder !== snapshot.recorder {
            recorder?.close()
            recorder = snapshot.recorder
        }
        recorder?.discardHeldBack()
    }
}

/// What a `load` that fails puts back.
private struct SessionSnapshot {
    let seed: UInt64
    let history: [Session.HistoryEntry]
    let unsavedCommands: Int
    let lastShownEvent: EventID?
    let live: LiveSegment?
    let recorder: Recorder?

    init(_ session: Session) {
        seed = session.seed
        history = session.history
        unsavedCommands = session.unsavedCommands
        lastShownEvent = session.lastShownEvent
        live = session.live
        recorder = session.recorder
    }
}
