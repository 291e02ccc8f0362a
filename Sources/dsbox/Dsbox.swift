import ArgumentParser
import Console
import Foundation

/// The `dsbox` command: the interactive prompt, or `run` for a session script.
@main
struct Dsbox: AsyncParsableCommand {
    /// The version `dsbox --version` prints; defined here only.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dsbox",
        abstract: "A sandbox for distributed-systems fundamentals: simulated nodes, a controllable network, clocks and a trace.",
        discussion: """
            With no subcommand, dsbox starts an interactive prompt (type help there).
            dsbox run FILE replays a session script and prints its transcript.
            A script reads and writes files only inside its own folder (the prompt and
            piped input: inside the current folder); --allow-paths DIR allows another.
            """,
        version: "dsbox \(version)",
        subcommands: [Repl.self, Run.self],
        defaultSubcommand: Repl.self)
}

/// `--allow-paths DIR`, repeatable: folders a script may use besides its own.
struct AllowedPaths: ParsableArguments {
    @Option(name: .customLong("allow-paths"),
            help: ArgumentHelp("Let scripts read and write files in DIR too (repeatable).", valueName: "DIR"))
    var folders: [String] = []

    /// The folders as absolute URLs; a folder that does not exist is an error.
    func urls() throws -> [URL] {
        try folders.map { folder in
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                Output.error(ScriptText.escaped("dsbox: --allow-paths \(folder): no such folder"))
                throw ExitCode(2)
            }
            return url
        }
    }
}

/// `dsbox [repl]`: read commands from the terminal, or from standard input when piped.
struct Repl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl", abstract: "Start the interactive prompt (the default).")

    @Option(help: "Seed for every random choice (overrides seed commands).")
    var seed: UInt64?

    @OptionGroup var allowed: AllowedPaths

    /// A script named without `run` (a common slip): answered with a hint.
    @Argument(help: .hidden)
    var stray: [String] = []

    func run() async throws {
        if let first = stray.first {
            let hint = first.hasSuffix(".dsb") ? "did you mean: dsbox run \(first)?" : "to replay a script: dsbox run FILE.dsb"
            Output.error(ScriptText.escaped("dsbox: unexpected argument '\(first)'; \(hint)"))
            throw ExitCode(2)
        }
        let session = Session(seedOverride: seed, allowedPaths: try allowed.urls())
        if isatty(STDIN_FILENO) == 0 {
            // Piped input prints exactly what `dsbox run` prints for the same lines; its
            // file names resolve against the current folder (it has no folder of its own).
            let text: String
            do {
                text = try ScriptText.decode(FileHandle.standardInput.readDataToEndOfFile(), name: "<stdin>")
            } catch {
                Output.error(ScriptText.escaped("dsbox: \(error)"))
                throw ExitCode(2)
            }
            if let failure = await ScriptRunner(session: session).run(text, file: "<stdin>", write: Output.write) {
                Output.error(failure.rendered)
                throw ExitCode(1)
            }
            return
        }
        if isatty(STDOUT_FILENO) == 0 { return await PlainPrompt(session: session).loop() }
        await InteractivePrompt(session: session).loop()
    }
}

/// `dsbox run FILE [--seed N] [--allow-paths DIR]`.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a session script and print its transcript; stops at the first error (FILE:LINE).")

    @Argument(help: "The session script (.dsb). File names in it resolve against its folder.")
    var file: String

    @Option(help: "Seed for every random choice (overrides the script's seed command).")
    var seed: UInt64?

    @OptionGroup var allowed: AllowedPaths

    func run() async throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let text: String
        do {
            text = try ScriptFile.read(url, name: file)
        } catch {
            Output.error(ScriptText.escaped("dsbox: \(error)"))
            throw ExitCode(2)
        }
        let session = Session(seedOverride: seed, directory: url.deletingLastPathComponent(),
                              directoryName: (file as NSString).deletingLastPathComponent, allowedPaths: try allowed.urls())
        if let failure = await ScriptRunner(session: session).run(text, file: file, write: Output.write) {
            Output.error(failure.rendered)
            throw ExitCode(1)
        }
    }
}
