import Foundation

extension Session {
    /// The deepest `load` may nest (a script loading a script …), so a script that loads
    /// itself stops with an error instead of recursing forever.
    static let maximumLoadDepth = 8

    /// The session so far as a script: the seed, then every command that succeeded.
    public var script: String {
        (["# dsbox session", "seed \(seed)"] + history.map(\.line)).joined(separator: "\n") + "\n"
    }

    func save(_ path: String, force: Bool, _ parsed: ParsedCommand) throws -> String {
        let url = resolve(path)
        if FileManager.default.fileExists(atPath: url.path), !force {
            throw fileError("\(path) exists; add --force to overwrite it", parsed)
        }
        do {
            try Data(script.utf8).write(to: url)
        } catch {
            throw fileError("cannot write \(path)", parsed)
        }
        unsavedCommands = 0
        let count = history.count
        return "saved seed and \(count) command\(count == 1 ? "" : "s") to \(path)"
    }

    /// Runs every line of a script file in this session; lines are shown as `>> line`.
    /// Stops at the first error, reporting `FILE:LINE`; lines before it stay done.
    func load(_ path: String, _ parsed: ParsedCommand) async throws -> String {
        guard loadDepth < Self.maximumLoadDepth else { throw fileError("load nests deeper than \(Self.maximumLoadDepth) files", parsed) }
        guard let data = FileManager.default.contents(atPath: resolve(path).path) else {
            throw fileError("cannot read \(path)", parsed)
        }
        var output: [String] = []
        loadDepth += 1
        defer { loadDepth -= 1 }
        for (number, text) in ScriptText.lines(of: String(decoding: data, as: UTF8.self)).enumerated() {
            let outcome = await execute(text)
            output.append(text.isEmpty || text.hasPrefix("#") ? text : ">> " + text)
            if !outcome.output.isEmpty { output.append(outcome.output) }
            if let error = outcome.error {
                throw CommandError(column: parsed.pathColumn ?? column(ofArgument: 1, parsed),
                                   message: "\(path):\(number + 1): " + error.rendered.replacingOccurrences(of: "error: ", with: ""),
                                   usage: [])
            }
            if outcome.quit { break }
        }
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n")
    }
}
