import ProtocolKit
import Foundation
import SandboxCore
import Simulator
import Views

extension Session {
    /// `show trace` without `last` lists the whole trace up to this many events.
    static let traceListDefault = 100

    func show(_ target: Command.ShowTarget, _ parsed: ParsedCommand) async throws -> String {
        let sim = simulation
        switch target {
        case .nodes:
            return NodeViews.nodes(await sim.nodeReports())
        case .clocks:
            return NodeViews.clocks(await sim.nodeReports(), now: await sim.now)
        case .net:
            return NetworkView.render(await sim.router, members: await sim.members, pending: await sim.pendingCount)
        case .trace(let last, let filter):
            return try await traceListing(last: last, filter: filter, parsed)
        case .view(let name, let form, let arguments):
            return try await showView(name, form: form, arguments, parsed)
        case .event(let id):
            let trace = await sim.trace
            guard let event = trace[id] else { throw missingEvent(id, trace: trace, parsed) }
            return TraceViews.detail(event, in: trace, members: await sim.members)
        }
    }

    func order(_ a: EventID, _ b: EventID, _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        guard let first = trace[a] else { throw missingEvent(a, trace: trace, parsed) }
        guard let second = trace[b] else { throw missingEvent(b, trace: trace, parsed) }
        for event in [first, second] where !event.kind.isProcessEvent {
            throw CommandError(
                column: column(of: event.id, parsed),
                message: "\(event.id) is a \(event.kind) event; happens-before relates process events (local, send, deliver, timer, request)",
                usage: catalog.entry(for: "order")!.usage)
        }
        guard let relation = trace.order(a, b) else {
            throw CommandError(column: 1, message: "cannot order \(a) and \(b)", usage: catalog.entry(for: "order")!.usage)
        }
        return TraceViews.order(first, second, relation, in: trace)
    }

    /// `concurrent` without arguments looks at every process event up to this many.
    static let concurrentLimit = 200

    func concurrent(_ events: [EventID], nodes: [NodeID], _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        for node in nodes where !(await simulation.hasNode(node)) {
            throw CommandError(column: parsed.nodeColumns[node] ?? 1, message: "unknown node \(node)",
                               usage: catalog.entry(for: "concurrent")!.usage)
        }
        for id in events {
            guard let event = trace[id] else { throw missingEvent(id, trace: trace, parsed) }
            guard event.kind.isProcessEvent else {
                throw CommandError(column: column(of: id, parsed),
                                   message: "\(id) is a \(event.kind) event; only process events are ordered",
                                   usage: catalog.entry(for: "concurrent")!.usage)
            }
        }
        var chosen = events
        if events.isEmpty {
            let processEvents = EventFilter(nodes: nodes, kinds: EventKind.allCases.filter(\.isProcessEvent))
            let selection = trace.newest(Self.concurrentLimit + 1, matching: processEvents, shouldStop: shouldStop)
            guard selection.completed else { throw interrupted(parsed) }
            let total = selection.events.count + selection.earlierMatching
            guard total <= Self.concurrentLimit else {
                throw CommandError(column: 1, message: "\(total) events are too many to pair up; name events or nodes",
                                   usage: catalog.entry(for: "concurrent")!.usage)
            }
            chosen = selection.events.map(\.id)
        }
        guard let pairs = trace.concurrentPairs(among: chosen, shouldStop: shouldStop) else { throw interrupted(parsed) }
        guard !pairs.isEmpty else { return "no two of these \(chosen.count) events are concurrent" }
        let lines = pairs.map { "\($0.0) || \($0.1)" }
        return lines.joined(separator: "\n") + "\n\(pairs.count) concurrent pair\(pairs.count == 1 ? "" : "s") among \(chosen.count) events"
    }

    func causalPast(_ id: EventID, _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        guard let event = trace[id] else { throw missingEvent(id, trace: trace, parsed) }
        guard event.kind.isProcessEvent, let past = trace.causalPast(of: id) else {
            throw CommandError(column: column(of: id, parsed),
                               message: "\(id) is a \(event.kind) event; only process events have a causal past",
                               usage: catalog.entry(for: "causal-past")!.usage)
        }
        guard !past.isEmpty else { return "nothing happens before \(id)" }
        var byNode: [(node: NodeID, events: [EventID])] = []
        for pastID in past {
            let node = trace[pastID]!.node!
            if let index = byNode.firstIndex(where: { $0.node == node }) {
                byNode[index].events.append(pastID)
            } else {
                byNode.append((node, [pastID]))
            }
        }
        let lines = byNode.sorted { $0.node < $1.node }.map { "  \($0.node): " + $0.events.map(\.description).joined(separator: " ") }
        return "\(past.count) event\(past.count == 1 ? "" : "s") happen before \(id):\n" + lines.joined(separator: "\n")
            + (trace.isTruncated ? "\n(the trace window may have forgotten older ones)" : "")
    }

    /// `export FORMAT FILE [--force]`: written atomically, mode 0644, only over a
    /// regular file and only with `--force`; a write error (a full disk) is an error.
    func export(_ format: Command.ExportFormat, to path: String, force: Bool, _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        let members = await simulation.members
        let url = try resolveFile(path, for: .write, parsed)
        do {
            let file = try AtomicFile(target: url, name: path, force: force)
            defer { file.close() }
            let done: String
            switch format {
            case .trace:
                var buffer = ""
                var failure: FileProblem?
                let completed = TraceExport.writeJSONLines(trace, shouldStop: shouldStop) { line in
                    guard failure == nil else { return }  // the rest cannot be written either
                    buffer += line
                    if buffer.utf8.count > 1 << 16 {
                        do throws(FileProblem) { try file.write(buffer) } catch { failure = error }
                        buffer = ""
                    }
                }
                if let failure { throw failure }
                guard completed else { throw exportInterrupted(path) }
                try file.write(buffer)
                done = "wrote \(trace.count) event\(trace.count == 1 ? "" : "s") to \(path)"
            case .mermaid:
                guard let text = MermaidExport.sequenceDiagram(trace, nodes: members, shouldStop: shouldStop) else {
                    throw exportInterrupted(path)
                }
                try file.write(text)
                done = "wrote a Mermaid sequence diagram of \(members.count) nodes to \(path)"
            case .shiviz:
                guard let text = ShiVizExport.log(trace, shouldStop: shouldStop) else { throw exportInterrupted(path) }
                try file.write(text)
                done = "wrote a ShiViz log to \(path) (parse it with: \(ShiVizExport.parsingRegex))"
            }
            try file.commit()
            return done
        } catch let error as CommandError {
            throw error
        } catch {
            throw fileError("\(error)", parsed)
        }
    }

    /// Ctrl-C during an export. The uncommitted ``AtomicFile`` removes its temporary
    /// file as it goes, so nothing half-written is left and the old file (if any) stays.
    private func exportInterrupted(_ path: String) -> CommandError {
        CommandError(column: 1, message: "interrupted: export stopped; \(path) was not written",
                            usage: catalog.entry(for: "export")?.usage ?? [])
    }

    func diagram(nodes: [NodeID], from: SimDuration?, to: SimDuration?, highlight: EventID?, limit: Int?,
                 _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        let members = await simulation.members
        for node in nodes where !members.contains(node) {
            throw CommandError(column: parsed.nodeColumns[node] ?? 1, message: "unknown node \(node)",
                               usage: catalog.entry(for: "diagram")!.usage)
        }
        if let highlight, trace[highlight] == nil {
            throw missingEvent(highlight, trace: trace, parsed)
        }
        let lanes = nodes.isEmpty ? members : nodes
        guard !lanes.isEmpty else { return "no nodes yet (try: spawn 3)" }
        guard let diagram = SpaceTimeDiagram.render(
            trace, nodes: lanes, from: from.map { SimTime.zero + $0 }, to: to.map { SimTime.zero + $0 },
            highlight: highlight, maxEvents: limit ?? SpaceTimeDiagram.defaultMaxEvents,
            pageCommand: (["diagram"] + nodes.map(\.description) + (highlight.map { ["highlight", "\($0)"] } ?? [])
                + (limit.map { ["limit", "\($0)"] } ?? [])).joined(separator: " "),
            shouldStop: shouldStop)
        else { throw interrupted(parsed) }
        return diagram
    }

    func help(_ topic: String?, _ parsed: ParsedCommand) throws -> String {
        guard let topic else { return catalog.overview(width: outputWidth) }
        guard let entry = catalog.entry(for: topic) else {
            let suggestions = catalog.suggestions(for: topic)
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"
            throw CommandError(column: column(ofArgument: 1, parsed), message: "no command '\(topic)'\(hint)",
                               usage: catalog.entry(for: "help")!.usage)
        }
        return catalog.help(for: entry, width: outputWidth)
    }

    // MARK: - Helpers

    /// The column of the n-th argument of the command (1-based), for errors about it.
    func column(ofArgument index: Int, _ parsed: ParsedCommand) -> Int {
        let tokens = Tokenizer.tokens(of: parsed.line)
        return index < tokens.count ? tokens[index].column : parsed.endColumn
    }

    func fileError(_ message: String, _ parsed: ParsedCommand) -> CommandError {
        CommandError(column: parsed.pathColumn ?? column(ofArgument: 1, parsed), message: message,
                     usage: catalog.entry(for: parsed.word)?.usage ?? [])
    }

    func missingEvent(_ id: EventID, trace: TraceStore, _ parsed: ParsedCommand) -> CommandError {
        let why = trace.wasForgotten(id) ? "\(id) was forgotten by the trace window"
            : trace.lastID.map { "no event \(id) (the trace has e\(trace.firstKeptID)…\($0))" } ?? "no event \(id): the trace is empty"
        return CommandError(column: column(of: id, parsed), message: why, usage: catalog.entry(for: parsed.word)?.usage ?? [])
    }

    /// The column where `event` was named in the command.
    func column(of event: EventID, _ parsed: ParsedCommand) -> Int {
        parsed.eventColumns[event] ?? column(ofArgument: 1, parsed)
    }
}
