import ProtocolKit
import Foundation
import Protocols
import SandboxCore
import Simulator

/// The Raft benchmark: a 5-node cluster, with the safety checker on as a session has it,
/// committing client commands sent to the leader in batches, until every one is applied.
enum RaftCase {
    static let nodes = 5
    static let batch = 100
    static let target = 10.0

    struct Result {
        let commands: Int
        let applied: Int
        let seconds: Double
        let events: Int
        let violations: Int

        var line: String {
            "raft-result commands=\(commands) applied=\(applied) seconds=\(seconds) events=\(events) violations=\(violations)"
        }

        init(commands: Int, applied: Int, seconds: Double, events: Int, violations: Int) {
            self.commands = commands
            self.applied = applied
            self.seconds = seconds
            self.events = events
            self.violations = violations
        }

        init?(parsing output: String) {
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("raft-result") }) else { return nil }
            var fields: [Substring: Substring] = [:]
            for word in line.split(separator: " ").dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            guard let commands = fields["commands"].flatMap({ Int($0) }), let applied = fields["applied"].flatMap({ Int($0) }),
                  let seconds = fields["seconds"].flatMap({ Double($0) }), let events = fields["events"].flatMap({ Int($0) }),
                  let violations = fields["violations"].flatMap({ Int($0) })
            else { return nil }
            self.init(commands: commands, applied: applied, seconds: seconds, events: events, violations: violations)
        }

        var report: String {
            let verdict = applied >= commands && seconds < RaftCase.target ? "PASS" : "MISS  <<<"
            return "raft: \(RaftCase.nodes) nodes, \(applied) of \(commands) commands committed and applied in "
                + String(format: "%.2f s, %.2f M simulated events/s (need < %.0f s)  ", seconds, Double(events) / seconds / 1e6, RaftCase.target)
                + verdict + (violations > 0 ? "  (\(violations) safety violations!)" : "")
        }
    }

    static func measure(commands: Int) async -> Result {
        let simulation = Simulation(seed: 7)
        return await run(commands: commands, on: simulation)
    }

    private static func run(commands: Int, on simulation: isolated Simulation) async -> Result {
        let ids = (1...nodes).map(NodeID.init)
        simulation.addMonitor(RaftSafetyChecker(), named: "raft")
        do {
            try await simulation.spawn(ids, kind: "raft", factory: ProtocolRegistry.standard.descriptor(named: "raft")!.make)
        } catch {
            fatalError("spawn failed: \(error)")
        }
        simulation.setLatency(.uniform(.milliseconds(1), .milliseconds(3)))
        _ = await simulation.run(for: .milliseconds(500))
        guard let leader = await leaderState(simulation)?.id else { fatalError("no leader after 500ms") }
        let clock = ContinuousClock()
        let started = clock.now
        var sent = 0
        while sent < commands {
            for _ in 0..<min(batch, commands - sent) {
                do {
                    try await simulation.request(ClientRequest(operation: "put", arguments: ["k\(sent)", "v\(sent)"]), at: leader)
                } catch {
                    fatalError("request failed: \(error)")
                }
                sent += 1
            }
            _ = await simulation.run(for: .milliseconds(5))
        }
        var applied = 0
        for _ in 0..<100 {
            applied = max(0, (await leaderState(simulation)?.raft.lastApplied ?? 0) - 1)  // minus the no-op
            if applied >= commands { break }
            _ = await simulation.run(for: .milliseconds(10))
        }
        let seconds = BareLoop.seconds(clock.now - started)
        return Result(commands: commands, applied: applied, seconds: seconds,
                      events: simulation.trace.totalRecorded, violations: simulation.violations.count)
    }

    private static func leaderState(_ simulation: isolated Simulation) async -> (id: NodeID, raft: RaftBehaviour)? {
        for report in await simulation.nodeReports() {
            if let raft = report.behaviour as? RaftBehaviour, raft.role == .leader { return (report.id, raft) }
        }
        return nil
    }

    /// Runs the case in a child process, as the other cases are.
    static func runInChild(commands: Int) throws -> Result {
        let (status, text) = try CaseRunner.runChild(["raft", String(commands)])
        guard status == 0, let result = Result(parsing: text) else {
            throw CaseRunner.Failure(description: "raft case failed (status \(status)): \(text)")
        }
        return result
    }
}
