import Foundation
import Protocols
import SandboxCore
import Simulator
import Views

/// One dsbox session: a simulation plus everything a person's commands build up around
/// it (the seed, the commands that succeeded, what has been shown). The REPL, the
/// script runner and the tests all drive dsbox through ``execute(_:)``.
///
/// A command that fails leaves the simulation as it was and returns a ``CommandError``.
public final class Session {
    /// What one line did.
    public struct Outcome: Sendable {
        /// Text to show (no trailing newline); empty when there is nothing to say.
        public var output: String
        public var error: CommandError?
        /// True after `quit`.
        public var quit: Bool = false
    }

    /// The seed in force.
    public private(set) var seed: UInt64
    /// A seed from the command line that overrides `seed` commands in scripts.
    public let seedOverride: UInt64?
    public private(set) var simulation: Simulation
    /// Every line that succeeded and changes or shows the simulation, for `save`.
    public private(set) var history: [String] = []
    /// Commands run since the last `save` (the REPL warns about them on exit).
    public private(set) var unsavedCommands = 0
    /// The working directory relative file names are resolved against.
    public let directory: URL
    /// At most this many events are listed by one command; the rest are counted.
    public static let eventListLimit = 500
    static let defaultSeed: UInt64 = 1

    private var lastShownEvent: EventID?
    private var loadDepth = 0

    var loadDepthAllowsMore: Bool { loadDepth < Self.maximumLoadDepth }
    func enterLoad() { loadDepth += 1 }
    func leaveLoad() { loadDepth -= 1 }
    func unsavedCommandsSaved() { unsavedCommands = 0 }

    public init(seedOverride: UInt64? = nil, directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.seedOverride = seedOverride
        self.seed = seedOverride ?? Self.defaultSeed
        self.simulation = Simulation(seed: seed)
        self.directory = directory
    }

    /// Parses and carries out one line.
    public func execute(_ line: String) async -> Outcome {
        let parsed: ParsedCommand
        switch CommandParser.parse(line) {
        case .failure(let error): return Outcome(output: "", error: error)
        case .success(nil): return Outcome(output: "")
        case .success(let command?): parsed = command
        }
        do {
            var output = try await perform(parsed)
            let events = await newEventLines(quiet: { if case .run(_, true) = parsed.command { true } else { false } }())
            if !events.isEmpty { output = output.isEmpty ? events : events + "\n" + output }
            record(line.trimmingCharacters(in: .whitespaces), parsed.command)
            return Outcome(output: output, quit: parsed.command == .quit)
        } catch let error as CommandError {
            return Outcome(output: "", error: error)
        } catch let error as SimulationError {
            // Point at the node the error names, else at the first argument, or at the
            // command itself when the error is about the simulation as a whole.
            let column = error.node.flatMap { parsed.nodeColumns[$0] }
                ?? (error == .noEvents ? Tokenizer.tokens(of: parsed.line).first?.column ?? 1 : column(ofArgument: 1, parsed))
            let usage = CommandCatalog.entry(for: parsed.word)?.usage ?? []
            return Outcome(output: "", error: CommandError(column: column, message: error.description, usage: usage))
        } catch {
            return Outcome(output: "", error: CommandError(column: 1, message: "\(error)"))
        }
    }

    /// The prompt text: virtual time and node count, e.g. `dsbox 1.250000s 5n> `.
    public func prompt() async -> String {
        let now = await simulation.now
        let count = await simulation.members.count
        return "dsbox \(now) \(count)n> "
    }

    // MARK: - Carrying out commands

    private func perform(_ parsed: ParsedCommand) async throws -> String {
        let sim = simulation
        switch parsed.command {
        case .seed(let value): return try await setSeed(value)
        case .spawn(let target, let behaviour):
            let nodes: [NodeID]
            switch target {
            case .count(let count): nodes = try await sim.freshIDs(count)
            case .nodes(let list): nodes = list
            }
            let entry = BehaviourCatalog.entry(named: behaviour)!
            try await sim.spawn(nodes, kind: entry.name, factory: entry.make)
            return ""
        case .netLatency(let model): await sim.setLatency(model)
        case .netLoss(let probability): await sim.setLoss(probability)
        case .netDuplication(let probability): await sim.setDuplication(probability)
        case .link(let a, let b, let oneWay, let change): try await sim.overrideLink(a, b, oneWay: oneWay, with: change)
        case .linkReset(let a, let b, let oneWay): try await sim.resetLink(a, b, oneWay: oneWay)
        case .cut(let from, let to): try await sim.cut(from: from, to: to)
        case .partition(let groups): try await sim.partition(groups)
        case .isolate(let node): try await sim.isolate(node)
        case .heal: await sim.heal()
        case .crash(let node): try await sim.crash(node)
        case .restart(let node): try await sim.restart(node)
        case .pause(let node, let duration): try await sim.pause(node, for: duration)
        case .resume(let node): try await sim.resume(node)
        case .skew(let node, let offset): try await sim.skew(node, to: offset)
        case .clockStep(let node, let delta): try await sim.stepClock(node, by: delta)
        case .drift(let node, let ppm): try await sim.drift(node, ppm: ppm)
        case .local(let node, let label): try await sim.local(node, label: label)
        case .send(let from, let to, let label): try await sim.send(from: from, to: to, label: label)
        case .run(let duration, _):
            let summary = await sim.run(for: duration)
            return "ran \(duration) to \(await sim.now): " + Self.describe(summary)
        case .step(let count):
            let summary = try await sim.step(count)
            let idle = await sim.pendingCount == 0 ? " (nothing more is pending)" : ""
            return "now \(await sim.now): " + Self.describe(summary) + idle
        case .show(let target): return try await show(target, parsed)
        case .order(let a, let b): return try await order(a, b, parsed)
        case .exportTrace(let path): return try await exportTrace(path, parsed)
        case .traceWindow(let window):
            await sim.setTraceWindow(window)
            return window.map { "keeping the newest \($0) events" } ?? "keeping every event"
        case .save(let path, let force): return try save(path, force: force, parsed)
        case .load(let path): return try await load(path, parsed)
        case .reset:
            simulation = Simulation(seed: seed)
            history = []
            lastShownEvent = nil
            return "reset: no nodes, time 0, seed \(seed)"
        case .help(let topic): return try help(topic, parsed)
        case .quit: return ""
        }
        return ""
    }

    private func setSeed(_ value: UInt64) async throws -> String {
        if let seedOverride { return "seed \(value) ignored: --seed \(seedOverride) was given" }
        guard await simulation.isPristine else {
            throw CommandError(column: 1, message: "seed must come before anything else happens (use reset first)",
                               usage: CommandCatalog.entry(for: "seed")!.usage)
        }
        seed = value
        simulation = Simulation(seed: value)
        return ""
    }

    /// Lines for the events recorded since the last command, up to the list limit.
    private func newEventLines(quiet: Bool) async -> String {
        guard let last = await simulation.lastEventID, last != lastShownEvent else { return "" }
        let first = (lastShownEvent?.rawValue ?? 0) + 1
        lastShownEvent = last
        if quiet { return "" }
        let total = last.rawValue - first + 1
        let shownUpTo = min(last.rawValue, first + Self.eventListLimit - 1)
        let events = await simulation.events(in: first...shownUpTo)
        var lines = events.map(EventFormatter.line)
        if total > Self.eventListLimit {
            lines.append("… \(total - Self.eventListLimit) more events not listed (show trace, or run … quiet)")
        }
        return lines.joined(separator: "\n")
    }

    private func record(_ line: String, _ command: Command) {
        switch command {
        case .save, .load, .quit, .reset, .help: return
        case .seed: history.removeAll { $0.hasPrefix("seed") }
        default: break
        }
        history.append(line)
        unsavedCommands += 1
    }

    static func describe(_ summary: RunSummary) -> String {
        var text = "\(summary.events) event\(summary.events == 1 ? "" : "s")"
        if summary.drops > 0 { text += ", \(summary.drops) dropped" }
        if summary.interrupted { text += " (interrupted)" }
        return text
    }
}
