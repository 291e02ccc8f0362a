import Foundation
import ProtocolKit
import Protocols
import SandboxCore
import Simulator
import Views

/// One dsbox session: a simulation plus everything a person's commands build up around
/// it (the seed, the commands that succeeded and what they printed, what has been
/// shown, live mode, a recording). The REPL, the script runner and the tests all drive
/// dsbox through ``execute(_:)``.
///
/// A command that fails leaves the simulation as it was and returns a ``CommandError``.
public final class Session {
    /// What one line did.
    public struct Outcome: Sendable {
        /// Plain text, as a transcript shows it (no trailing newline; empty: nothing to say).
        public var output: String
        /// What a terminal shows: `output`, coloured when ``Session/style`` is ANSI.
        public var display: String
        public var error: CommandError?
        /// True after `quit`.
        public var quit = false

        init(output: String = "", display: String? = nil, error: CommandError? = nil, quit: Bool = false) {
            self.output = output
            self.display = display ?? output
            self.error = error
            self.quit = quit
        }
    }

    /// One command of the history: its line as a script holds it, and what `dsbox run`
    /// prints for it.
    public struct HistoryEntry: Sendable, Equatable {
        public let line: String
        public let output: String

        /// The entry as a transcript shows it.
        public var transcript: String { "> " + line + "\n" + (output.isEmpty ? "" : output + "\n") }
    }

    /// The commands this session understands: dsbox's own and its protocols'.
    public let catalog: CommandCatalog
    /// The protocols it can spawn.
    public var registry: ProtocolRegistry { catalog.registry }
    /// The seed in force.
    public internal(set) var seed: UInt64
    /// A seed from the command line that overrides `seed` commands in scripts.
    public let seedOverride: UInt64?
    public internal(set) var simulation: Simulation
    /// Every command that succeeded since the last reset, in order: what `save` writes.
    public internal(set) var history: [HistoryEntry] = []
    /// Commands in the history that neither a `save` nor a running recording keeps (the
    /// prompt warns about them on exit).
    public internal(set) var unsavedCommands = 0
    /// The folder file names typed at the prompt, piped in, or written in the script
    /// given to `dsbox run`, are resolved against.
    public let directory: URL
    /// The folders scripts may read and write (``directory`` and `--allow-paths`).
    public let pathPolicy: PathPolicy
    /// The folder of the script being loaded (``directory`` outside a `load`).
    var scriptDirectory: URL
    /// The files being loaded, outermost first (real paths), to refuse a load cycle.
    var loadStack: [(path: String, name: String)] = []
    /// Colour for a terminal, or plain.
    public var style: TerminalStyle = .plain
    /// Lets Ctrl-C end a long `run` between two instants.
    public var stopSignal: (any StopSignal)?
    /// How wide help and other prose may be: 80 columns, or the terminal's width at the
    /// prompt. Nothing kept in the history depends on it, so replays are unaffected.
    public var outputWidth = 80
    /// True where a person is at the prompt, so `live` can follow wall time.
    public var allowsLive = false
    /// At most this many events are listed by one command; the rest are counted.
    public static let eventListLimit = 500
    static let defaultSeed: UInt64 = 1

    var lastShownEvent: EventID?
    var live: LiveSegment?
    var recorder: Recorder?

    /// A session whose files resolve against `directory` (named `directoryName` in
    /// messages; empty: the current folder), and may lie in it or in one of
    /// `allowedPaths` (`--allow-paths`), running the protocols of `registry`.
    public init(seedOverride: UInt64? = nil, directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                directoryName: String = "", allowedPaths: [URL] = [], registry: ProtocolRegistry = .standard) {
        self.catalog = CommandCatalog(registry: registry)
        self.seedOverride = seedOverride
        self.seed = seedOverride ?? Self.defaultSeed
        self.simulation = Simulation(seed: seed)
        self.directory = directory
        self.scriptDirectory = directory
        self.pathPolicy = PathPolicy(roots: [directory] + allowedPaths, rootName: directoryName)
    }

    /// What a command produced beyond its events: shown text, and, where replaying it
    /// would print something else, the line and text to keep in the history instead.
    struct Performed {
        var output = ""
        var recordedLine: String?
        var recordedOutput: String?
    }

    /// Parses and carries out one line.
    public func execute(_ line: String) async -> Outcome {
        let parsed: ParsedCommand
        switch CommandParser.parse(line, catalog: catalog) {
        case .failure(let error): return Outcome(error: error)
        case .success(nil): return Outcome()
        case .success(let command?): parsed = command
        }
        // What ran live until now is kept as its own `run`; the segment restarts once the
        // command is done, so its events and time are not counted a second time.
        await closeLiveSegment()
        let outcome = await carryOut(parsed, line: line)
        await reopenLiveSegment()
        return outcome
    }

    /// Performs a parsed command, keeps it in the history, and turns errors into outcomes.
    private func carryOut(_ parsed: ParsedCommand, line: String) async -> Outcome {
        do {
            let performed = try await perform(parsed)
            let quiet = switch parsed.command {
            case .run(_, true), .step(_, true): true
            default: false
            }
            let events = await newEventListing(quiet: quiet)
            let output = Self.joined(events.plain, performed.output)
            let entry = HistoryEntry(line: performed.recordedLine ?? line.trimmingCharacters(in: .whitespaces),
                                     output: Self.joined(events.plain, performed.recordedOutput ?? performed.output))
            record(entry, parsed.command)
            let problem = takeRecordingProblem()
            return Outcome(output: Self.joined(output, problem), display: Self.joined(Self.joined(events.display, performed.output), problem),
                           quit: parsed.command == .quit)
        } catch let error as CommandError {
            return Outcome(error: error)
        } catch let error as SimulationError {
            // Point at the node the error names, else at the first argument, or at the
            // command itself when the error is about the simulation as a whole.
            let column = refusedColumn(error, parsed) ?? error.node.flatMap { parsed.nodeColumns[$0] }
                ?? (error == .noEvents ? Tokenizer.tokens(of: parsed.line).first?.column ?? 1 : column(ofArgument: 1, parsed))
            let usage = catalog.entry(for: parsed.word)?.usage ?? []
            return Outcome(error: CommandError(column: column, message: error.description, usage: usage))
        } catch {
            return Outcome(error: CommandError(column: 1, message: "\(error)"))
        }
    }

    /// The prompt text: virtual time and node count, e.g. `dsbox 1.250000s 5n> `.
    public func prompt() async -> String {
        let now = await simulation.now
        let count = await simulation.members.count
        return "dsbox \(now) \(count)n\(live == nil ? "" : " live")> "
    }

    /// What Tab completion needs to know now.
    public func completionContext() async -> CompletionContext {
        CompletionContext(nodes: await simulation.members.map(\.description),
                          lastEvent: await simulation.lastEventID?.rawValue ?? 0)
    }

    // MARK: - Carrying out commands

    private func perform(_ parsed: ParsedCommand) async throws -> Performed {
        let sim = simulation
        switch parsed.command {
        case .seed(let value): return Performed(output: try await setSeed(value))
        case .spawn(let target, let behaviour, let options):
            let nodes: [NodeID]
            switch target {
            case .count(let count): nodes = try await sim.freshIDs(count)
            case .nodes(let list): nodes = list
            }
            try await spawn(nodes, running: registry.descriptor(named: behaviour)!, options: options)
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
        case .ask(let node, let request): try await sim.request(request, at: node)
        case .request(let server, let client, let request):
            return Performed(output: try await sendFromClient(request, to: server, via: client))
        case .setUp(let node, let request): try await sim.setUp(request, at: node)
        case .timeout(let node, let named):
            let timer = if let named { named } else { try await defaultTimer(of: node) }
            try await sim.fireTimer(timer, at: node)
        case .check:
            let summary = await sim.monitorSummary()
                ?? "nothing to check: invariants are checked for \(registry.monitored.joined(separator: ", ")) clusters"
            return Performed(output: TextWrap.eachLine(summary, width: 80))
        case .expect(let claim): return Performed(output: try await expect(claim, parsed))
        case .ntp(let client, let server, let period): try await sim.synchronise(client, with: server, every: period)
        case .ntpOff(let node): try await sim.stopSynchronising(node)
        case .concurrent(let events, let nodes): return Performed(output: try await concurrent(events, nodes: nodes, parsed))
        case .causalPast(let event): return Performed(output: try await causalPast(event, parsed))
        case .local(let node, let label): try await sim.local(node, label: label)
        case .send(let from, let to, let label): try await sim.send(from: from, to: to, label: label)
        case .run(let duration, let quiet): return try await run(duration, quiet: quiet)
        case .step(let count, let quiet): return try await step(count, quiet: quiet)
        case .show(let target): return Performed(output: try await show(target, parsed))
        case .order(let a, let b): return Performed(output: try await order(a, b, parsed))
        case .export(let format, let path, let force): return Performed(output: try await export(format, to: path, force: force, parsed))
        case .diagram(let nodes, let from, let to, let highlight, let limit):
            return Performed(output: try await diagram(nodes: nodes, from: from, to: to, highlight: highlight, limit: limit, parsed))
        case .traceWindow(let window):
            await sim.setTraceWindow(window)
            let ceiling = await sim.traceCeiling
            return Performed(output: window.map { "keeping the newest \($0) events" }
                ?? "keeping every event (runs stop when the trace holds \(ceiling) events)")
        case .save(let path, let force): return Performed(output: try save(path, force: force, parsed))
        case .load(let path): return Performed(output: try await load(path, parsed))
        case .record(let path, let force): return Performed(output: try startRecording(path, force: force, parsed))
        case .recordOff: return Performed(output: try stopRecording(parsed))
        case .live(let speed, let showing): return Performed(output: try await startLive(speed: speed, showing: showing, parsed))
        case .stopLive: return Performed(output: try await stopLive(parsed))
        case .reset:
            simulation = Simulation(seed: seed)
            history = []
            lastShownEvent = nil
            live = nil
            return Performed(output: "reset: no nodes, time 0, seed \(seed)")
        case .help(let topic): return Performed(output: try help(topic, parsed))
        case .history: return Performed(output: script.split(separator: "\n").dropFirst().joined(separator: "\n"))
        case .quit: break
        }
        return Performed()
    }

    private func setSeed(_ value: UInt64) async throws -> String {
        if let seedOverride { return "seed \(value) ignored: --seed \(seedOverride) was given" }
        // The seed in force already (a saved script loaded into this session starts so).
        guard value != seed else { return "" }
        guard await simulation.isPristine else {
            throw CommandError(column: 1, message: "seed must come before anything else happens (use reset first)",
                               usage: catalog.entry(for: "seed")!.usage)
        }
        seed = value
        simulation = Simulation(seed: value)
        return ""
    }

    // MARK: - Events and history

    /// The events recorded since the last command, as plain and display lines.
    func newEventListing(quiet: Bool, showing filter: EventFilter? = nil) async -> (plain: String, display: String) {
        guard let last = await simulation.lastEventID, last != lastShownEvent else { return ("", "") }
        let first = (lastShownEvent?.rawValue ?? 0) + 1
        lastShownEvent = last
        if quiet { return ("", "") }
        guard let filter else { return await eventListing(first...last.rawValue) }
        let shown = await simulation.events(in: first...last.rawValue).filter(filter.matches)
        let layout = EventLineLayout(fitting: shown, showsWallClock: await simulation.clocksMayDiffer)
        return (shown.map { EventFormatter.line($0, layout: layout) }.joined(separator: "\n"),
                shown.map { EventFormatter.line($0, layout: layout, style: style) }.joined(separator: "\n"))
    }

    /// Event lines for `range`, at most ``eventListLimit`` of them and a count of the rest.
    func eventListing(_ range: ClosedRange<Int>) async -> (plain: String, display: String) {
        let shownUpTo = min(range.upperBound, range.lowerBound + Self.eventListLimit - 1)
        let events = await simulation.events(in: range.lowerBound...shownUpTo)
        let layout = EventLineLayout(fitting: events, showsWallClock: await simulation.clocksMayDiffer)
        var plain = events.map { EventFormatter.line($0, layout: layout) }
        var display = style == .plain ? plain : events.map { EventFormatter.line($0, layout: layout, style: style) }
        if range.count > Self.eventListLimit {
            let more = "… \(range.count - Self.eventListLimit) more events not listed (show trace, or run … quiet)"
            plain.append(more)
            display.append(more)
        }
        return (plain.joined(separator: "\n"), display.joined(separator: "\n"))
    }

    /// Keeps a command that succeeded: in the history (for `save`) and in the recording.
    /// Commands about the session rather than the simulation are not kept, nor `export`
    /// (its file name means another place once the script is saved in another folder).
    func record(_ entry: HistoryEntry, _ command: Command) {
        switch command {
        case .save, .load, .export, .quit, .help, .history, .record, .recordOff, .live, .stopLive:
            return
        case .seed:
            // A seed given on the command line wins; the typed one changed nothing, and a
            // recording that kept it would replay with it.
            if seedOverride == nil { recorder?.append(entry) }
        case .reset:
            // What came before a reset cannot be saved any more: nothing is left unsaved.
            history = []
            recorder?.append(entry)
            unsavedCommands = 0
        default:
            history.append(entry)
            recorder?.append(entry)
            if recorder == nil { unsavedCommands += 1 }  // a recording keeps it already
        }
    }

    static func joined(_ first: String, _ second: String) -> String {
        first.isEmpty ? second : second.isEmpty ? first : first + "\n" + second
    }

    static func describe(_ summary: RunSummary) -> String {
        var text = "\(summary.events) event\(summary.events == 1 ? "" : "s")"
        if summary.drops > 0 { text += ", \(summary.drops) dropped" }
        if summary.interrupted { text += " (interrupted)" }
        if let ceiling = summary.traceCeiling { text += "\n" + traceCeilingAdvice(ceiling: ceiling) }
        for violation in summary.violations { text += "\n" + TextWrap.hanging("stopped: ", "\(violation)", width: 80, indent: 2) }
        return text
    }
}
