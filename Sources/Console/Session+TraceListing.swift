import Simulator
import Views

extension Session {
    /// `show trace [NODE…] [kind KIND,…] [from TIME] [to TIME] [last N]`: the newest
    /// matching events (100 unless `last` says), with the vector timestamps of one
    /// forward pass. Ctrl-C stops it with an error, so nothing half-shown is recorded.
    func traceListing(last: Int?, filter: EventFilter, _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        let members = await simulation.members
        for node in filter.nodes where !members.contains(node) {
            throw CommandError(column: parsed.nodeColumns[node] ?? 1, message: "unknown node \(node)",
                               usage: catalog.entry(for: "show")!.usage)
        }
        let count = last ?? Self.traceListDefault
        let selection = trace.newest(count, matching: filter, shouldStop: shouldStop)
        guard selection.completed else { throw interrupted(parsed) }
        if !filter.isEmpty, selection.events.isEmpty {
            return trace.count == 0 ? "the trace is empty" : "no event of the \(trace.count) kept matches the filter"
        }
        guard var text = TraceViews.table(selection.events, in: trace, members: members, shouldStop: shouldStop) else {
            throw interrupted(parsed)
        }
        if selection.earlierMatching > 0 {
            let what = filter.isEmpty ? "earlier events" : "earlier matching events"
            text += "\n(\(selection.earlierMatching) \(what) not shown; show trace last N shows more)"
        }
        if trace.isTruncated { text += "\n(the trace window forgot events e1…e\(trace.firstKeptID - 1))" }
        text += await windowNote(trace)
        return text
    }

    /// The trace's memory bound, when it matters: the window in force, or, once the
    /// trace nears its ceiling, how far it may grow.
    func windowNote(_ trace: TraceStore) async -> String {
        if let window = trace.window { return "\n(trace window \(window): only the newest \(window) events are kept)" }
        let ceiling = await simulation.traceCeiling
        guard trace.count * 5 >= ceiling * 4 else { return "" }
        return "\n(the trace holds \(trace.count) of the \(ceiling) events it keeps without a window;"
            + " runs stop there: trace window COUNT keeps only the newest)"
    }

    /// True once Ctrl-C asks the command under way to stop (inspection commands ask
    /// every few thousand events).
    var shouldStop: () -> Bool {
        let signal = stopSignal
        return { signal?.isStopRequested == true }
    }

    /// The error an interrupted inspection command ends with: it showed nothing, so
    /// nothing is recorded.
    func interrupted(_ parsed: ParsedCommand) -> CommandError {
        CommandError(column: 1, message: "interrupted: \(parsed.word) stopped before showing anything"
                     + (parsed.word == "show" ? " (narrow it: show trace takes nodes, kind, hide, from, to and last N)" : ""),
                     usage: catalog.entry(for: parsed.word)?.usage ?? [])
    }
}
