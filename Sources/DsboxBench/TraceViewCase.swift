import ProtocolKit
import Foundation
import Protocols
import SandboxCore
import Simulator
import Views

/// The trace-view benchmark: on the 5-node echo workload's trace of about a million
/// events, `show trace last 100` (selection, vectors and table) and a highlighted
/// `diagram` page, each measured against the JSONL export's forward pass over the same
/// trace, and against the old way (one causal-past walk per row, measured on a few rows
/// and scaled, since a hundred of them take minutes).
enum TraceViewCase {
    static let nodes = 5
    static let rows = 100
    static let diagramRows = 40
    /// `show trace last 100` must take less than this.
    static let target = 1.0
    /// Rows measured with the old per-row walk.
    static let walkedRows = 3

    struct Result {
        var events = 0
        var export = 0.0
        var pass = 0.0
        var show = 0.0
        var diagram = 0.0
        var walkPerRow = 0.0

        var line: String {
            "trace-view-result events=\(events) export=\(export) pass=\(pass) show=\(show) diagram=\(diagram) walk=\(walkPerRow)"
        }

        init() {}

        init?(parsing output: String) {
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("trace-view-result") }) else { return nil }
            var fields: [Substring: Double] = [:]
            for word in line.split(separator: " ").dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let value = Double(parts[1]) { fields[parts[0]] = value }
            }
            guard let events = fields["events"], let export = fields["export"], let pass = fields["pass"], let show = fields["show"],
                  let diagram = fields["diagram"], let walk = fields["walk"] else { return nil }
            self.events = Int(events)
            self.export = export
            self.pass = pass
            self.show = show
            self.diagram = diagram
            walkPerRow = walk
        }

        var report: String {
            let verdict = show < TraceViewCase.target ? "PASS" : "MISS  <<<"
            let walkTable = walkPerRow * Double(TraceViewCase.rows)
            let walkDiagram = walkPerRow * Double(3 * TraceViewCase.diagramRows)
            return [
                "trace views: the \(TraceViewCase.nodes)-node echo trace, \(events) events, no window",
                String(format: "  export trace (JSONL, one forward pass)   %8.3f s", export),
                String(format: "  the export's forward pass alone          %8.3f s", pass),
                String(format: "  show trace last %d                      %8.3f s  = %.2f × the pass, %.3f × the export (need < %.0f s)  ",
                       TraceViewCase.rows, show, show / pass, show / export, TraceViewCase.target) + verdict,
                String(format: "  diagram, %d rows, highlight             %8.3f s  = %.2f × the pass", TraceViewCase.diagramRows,
                       diagram, diagram / pass),
                String(format: "  before: one causal-past walk per row     %8.3f s a row: show trace last %d ≈ %.0f s, diagram ≈ %.0f s",
                       walkPerRow, TraceViewCase.rows, walkTable, walkDiagram),
            ].joined(separator: "\n")
        }
    }

    static func measure(nodes: Int = nodes) async -> Result {
        let simulation = Simulation(seed: EchoWorkload.seed)
        return await run(nodes: nodes, on: simulation)
    }

    private static func run(nodes: Int, on simulation: isolated Simulation) async -> Result {
        let workload = EchoWorkload(nodes: nodes)
        let ids = workload.ids
        do {
            try await simulation.spawn(ids, kind: "echo", factory: ProtocolRegistry.standard.descriptor(named: "echo")!.make)
            simulation.setLatency(.fixed(EchoWorkload.latency))
            var picker = workload.makePeerPicker()
            var sent = 0
            for _ in 0..<workload.rounds {
                for sender in 0..<workload.nodes {
                    for _ in 0..<workload.fanout {
                        try await simulation.send(from: ids[sender], to: ids[picker.peer(of: sender)], label: MessageLabels.label(sent))
                        sent += 1
                    }
                }
                _ = await simulation.run(for: workload.roundDuration)
            }
        } catch {
            fatalError("workload failed: \(error)")
        }
        let trace = simulation.trace
        var result = Result()
        result.events = trace.count
        let clock = ContinuousClock()

        var bytes = 0
        var started = clock.now
        TraceExport.writeJSONLines(trace) { bytes += $0.utf8.count }
        result.export = BareLoop.seconds(clock.now - started)

        started = clock.now
        var entries = 0
        trace.forEachVector(from: EventID(trace.firstKeptID), through: trace.lastID!) { _, vector in entries += vector.entries.count }
        result.pass = BareLoop.seconds(clock.now - started)

        started = clock.now
        let selection = trace.newest(rows, matching: EventFilter())
        let table = TraceViews.table(selection.events, in: trace, members: ids)!
        result.show = BareLoop.seconds(clock.now - started)

        let pageStart = trace.events(in: trace.lastID!.rawValue - diagramRows + 1 ... trace.lastID!.rawValue)[0]
        started = clock.now
        let diagram = SpaceTimeDiagram.render(trace, nodes: ids, from: pageStart.time, highlight: trace.lastID!,
                                              maxEvents: diagramRows)
        result.diagram = BareLoop.seconds(clock.now - started)

        started = clock.now
        var walked = 0
        for id in selection.events.suffix(walkedRows).map(\.id) { walked += trace.vector(of: id)?.entries.count ?? 0 }
        result.walkPerRow = BareLoop.seconds(clock.now - started) / Double(walkedRows)
        // Use what was built, so none of it is optimised away.
        if bytes + entries + table.count + diagram.count + walked == 0 { print("empty") }
        return result
    }

    /// Runs the case in a child process, as the other cases are.
    static func runInChild() throws -> Result {
        let (status, text) = try CaseRunner.runChild(["trace-view"])
        guard status == 0, let result = Result(parsing: text) else {
            throw CaseRunner.Failure(description: "trace-view case failed (status \(status)): \(text)")
        }
        return result
    }
}
