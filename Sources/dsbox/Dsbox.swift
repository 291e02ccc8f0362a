import ArgumentParser
import Console
import Foundation

/// The `dsbox` command: the interactive prompt, or `run` for a session script.
@main
struct Dsbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsbox",
        abstract: "A sandbox for distributed-systems fundamentals: simulated nodes, a controllable network, clocks and a trace.",
        discussion: """
            With no subcommand, dsbox starts an interactive prompt (type help there).
            dsbox run FILE replays a session script and prints its transcript.
            """,
        subcommands: [Repl.self, Run.self],
        defaultSubcommand: Repl.self)
}

/// `dsbox [repl]`: read commands from the terminal, or from standard input when piped.
struct Repl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl", abstract: "Start the interactive prompt (the default).")

    @Option(help: "Seed for every random choice (overrides seed commands).")
    var seed: UInt64?

    func run() async throws {
        let session = Session(seedOverride: seed)
        if isatty(STDIN_FILENO) == 0 {
            // Piped input prints exactly what `dsbox run` prints for the same lines.
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if let failure = await ScriptRunner(session: session).run(text, file: "<stdin>", write: Output.write) {
                Output.error(failure.rendered)
                throw ExitCode(1)
            }
            return
        }
        await InteractivePrompt(session: session).loop()
    }
}

/// `dsbox run FILE [--seed N]`.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a session script and print its transcript; stops at the first error (FILE:LINE).")

    @Argument(help: "The session script (.dsb).")
    var file: String

    @Option(help: "Seed for every random choice (overrides the script's seed command).")
    var seed: UInt64?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            Output.error("dsbox: cannot read \(file)")
            throw ExitCode(2)
        }
        let session = Session(seedOverride: seed)
        let text = String(decoding: data, as: UTF8.self)
        if let failure = await ScriptRunner(session: session).run(text, file: file, write: Output.write) {
            Output.error(failure.rendered)
            throw ExitCode(1)
        }
    }
}

