import Foundation

/// Replays a session script headlessly, the way `dsbox run FILE` and piped input do:
/// each line is echoed (`> line`; comments and blank lines as they are), then its
/// output. The first error stops the run. Everything it writes has control characters
/// escaped (``ScriptText/escaped(_:)``): a script cannot drive the terminal.
public struct ScriptRunner {
    /// Where a run stopped early.
    public struct Failure: Error, Equatable, Sendable {
        public let file: String
        public let line: Int
        public let error: CommandError

        /// `FILE:LINE: error: column C: message` and the usage.
        public var rendered: String { ScriptText.escaped("\(file):\(line): " + error.rendered) }
    }

    /// What one line led to.
    public enum LineResult: Equatable, Sendable {
        case proceed, quit
        case failed(Failure)
    }

    public let session: Session

    public init(session: Session) { self.session = session }

    /// Runs every line of `text`, handing transcript text to `write` as it is produced.
    /// Returns the failure that stopped it, if any.
    public func run(_ text: String, file: String, write: (String) -> Void) async -> Failure? {
        for (index, line) in ScriptText.lines(of: text).enumerated() {
            switch await runLine(line, number: index + 1, file: file, write: write) {
            case .proceed: continue
            case .quit: return nil
            case .failed(let failure): return failure
            }
        }
        return nil
    }

    /// How a transcript shows a line it runs: `> line` (comments and blank lines as they
    /// are), escaped, with its newline.
    public static func echo(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return ScriptText.escaped(trimmed.isEmpty || trimmed.hasPrefix("#") ? line + "\n" : "> " + line + "\n")
    }

    /// Runs one line: its echo, its output, and what it led to.
    public func runLine(_ line: String, number: Int, file: String, write: (String) -> Void) async -> LineResult {
        write(Self.echo(line))
        if let problem = ScriptText.problem(in: line) { return .failed(Failure(file: file, line: number, error: problem)) }
        let outcome = await session.execute(line)
        if !outcome.output.isEmpty { write(ScriptText.escaped(outcome.output) + "\n") }
        if let error = outcome.error { return .failed(Failure(file: file, line: number, error: error)) }
        return outcome.quit ? .quit : .proceed
    }
}
