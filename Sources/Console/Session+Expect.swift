import SandboxCore
import Simulator
import Views

/// `expect`: a lesson states its claims as lines that fail the script when false, so a
/// transcript is checked, not only compared with the one accepted before.
extension Session {
    /// Checks `claim` against the trace: `ok: …` with the evidence when it holds, an
    /// error saying what holds instead when it does not.
    func expect(_ claim: Command.Expectation, _ parsed: ParsedCommand) async throws -> String {
        let trace = await simulation.trace
        func failed(_ message: String) -> CommandError {
            CommandError(column: 1, message: "expectation failed: " + message, usage: [])
        }
        switch claim {
        case .order(let a, let expected, let b):
            guard let first = trace[a] else { throw missingEvent(a, trace: trace, parsed) }
            guard let second = trace[b] else { throw missingEvent(b, trace: trace, parsed) }
            guard let actual = trace.order(a, b) else {
                throw CommandError(column: column(of: first.kind.isProcessEvent ? b : a, parsed),
                                   message: "happens-before relates process events (local, send, deliver, timer, request)",
                                   usage: catalog.entry(for: "expect")!.usage)
            }
            let evidence = TraceViews.order(first, second, actual, in: trace)
            guard actual == expected else { throw failed("not \(Self.claim(a, expected, b)), but \(evidence)") }
            return "ok: " + evidence
        case .lamport(let id, let value):
            guard let event = trace[id] else { throw missingEvent(id, trace: trace, parsed) }
            guard event.lamport == value else { throw failed("L(\(id)) is \(event.lamport), not \(value)") }
            return "ok: L(\(id)) = \(value)"
        case .wall(let id, let reading):
            guard let event = trace[id] else { throw missingEvent(id, trace: trace, parsed) }
            guard let wall = event.wallClock else { throw failed("\(id) happened at no node, so no wall clock read it") }
            let shown = TimeFormat.seconds(wall)
            guard wall == reading.microseconds else { throw failed("\(id)'s wall clock read \(shown), not \(TimeFormat.seconds(reading.microseconds))") }
            return "ok: \(id)'s wall clock read \(shown) (true time \(event.time))"
        case .vector(let id, let entries):
            guard trace[id] != nil, let vector = trace.vector(of: id) else { throw missingEvent(id, trace: trace, parsed) }
            let expected = VectorTimestamp(entries.filter { $0.value > 0 })
            guard vector == expected else { throw failed("V(\(id)) is \(vector), not \(expected)") }
            return "ok: V(\(id)) = \(vector)"
        case .count(let kind, let value):
            let actual = trace.allEvents.filter { $0.kind == kind }.count
            let window = trace.isTruncated ? " kept by the trace window" : ""
            guard actual == value else { throw failed("\(actual) \(kind) events\(window), not \(value)") }
            return "ok: \(value) \(kind) event\(value == 1 ? "" : "s")\(window)"
        case .dropped(let value):
            let actual = await simulation.droppedMessages
            guard actual == value else { throw failed("\(actual) messages dropped, not \(value)") }
            return "ok: \(value) message\(value == 1 ? "" : "s") dropped"
        case .violation(let expected):
            let violations = await simulation.violations
            switch (expected, violations.first) {
            case (true, let first?): return TextWrap.hanging("ok: ", "a violation was found: \(first)", width: 80, indent: 2)
            case (true, nil): throw failed("no invariant was violated")
            case (false, nil): return "ok: no invariant was violated"
            case (false, let first?): throw failed("\(first)")
            }
        case .claim(let word, let form, let arguments):
            let verdict = try await judge(word, form: form, arguments, parsed)
            guard verdict.holds else { throw failed(verdict.evidence) }
            return "ok: " + verdict.evidence
        }
    }

    private static func claim(_ a: EventID, _ order: CausalOrder, _ b: EventID) -> String {
        switch order {
        case .before: "\(a) -> \(b)"
        case .after: "\(a) <- \(b)"
        case .concurrent: "\(a) || \(b)"
        case .same: "\(a) = \(b)"
        }
    }
}
