import SandboxCore
import Simulator
import Testing

/// Several invariant monitors at once: each sees every event, violations come out in
/// the order the monitors were added, `check` reports them all, and `step` stops at the
/// first violation exactly as `run` does.
@Suite struct MonitorSetTests {
    /// Flags the first time it sees `node` (after that node has handled something).
    struct FlagsNode: InvariantMonitor {
        let node: NodeID
        let name: String
        var observations = 0
        var flagged = false

        mutating func observe(_ behaviour: (any Behaviour)?, of node: NodeID, after event: EventID) -> [InvariantViolation] {
            observations += 1
            guard node == self.node, !flagged else { return [] }
            flagged = true
            return [InvariantViolation(invariant: name, detail: "\(node) was seen", events: [event])]
        }

        func summary() -> String { "\(name): \(observations) observations, \(flagged ? "violated" : "all hold")" }
    }

    static func echoes() async throws -> Simulation {
        let simulation = try await makeSimulation(nodes: 3, kind: "echo", latency: .fixed(.milliseconds(1)))
        try await simulation.send(from: n(1), to: n(2), label: "a")
        return simulation
    }

    @Test("step stops at the first violation, as run does, and names its event")
    func stepStopsAtAViolation() async throws {
        let simulation = try await Self.echoes()
        await simulation.addMonitor(FlagsNode(node: n(3), name: "never n3"), named: "quiet")
        await simulation.addMonitor(FlagsNode(node: n(2), name: "never n2"), named: "n2")
        let summary = try await simulation.step(10)
        // The delivery at n2 is the first event either monitor sees; n2's monitor flags it.
        #expect(summary.handled == 1)
        #expect(summary.violations.map(\.invariant) == ["never n2"])
        // Monitors look after the delivery's effects: the violation names the last event
        // it recorded (the echo's reply being sent), right after the delivery itself.
        let deliver = try #require(await simulation.events(ofKind: .deliver).first)
        let last = try #require(await simulation.trace.lastID)
        #expect(summary.violations.first?.events == [last])
        #expect(last.rawValue == deliver.id.rawValue + 1)
        #expect(await simulation.pendingCount > 0, "the echo reply is still pending: the step stopped early")

        let run = try await Self.echoes()
        await run.addMonitor(FlagsNode(node: n(2), name: "never n2"), named: "n2")
        let ran = await run.run(for: .seconds(1))
        #expect(ran.violations.map(\.invariant) == ["never n2"])
        #expect(await run.trace.allEvents == simulation.trace.allEvents, "run and step stop at the same event")
    }

    @Test("check reports every monitor, in the order they were added; one of the same name is replaced")
    func everyMonitorIsReported() async throws {
        let simulation = try await Self.echoes()
        await simulation.addMonitor(FlagsNode(node: n(9), name: "first"), named: "a")
        await simulation.addMonitor(FlagsNode(node: n(9), name: "second"), named: "b")
        _ = await simulation.run(for: .seconds(1))
        #expect(await simulation.monitorSummary() == "first: 2 observations, all hold\nsecond: 2 observations, all hold")
        await simulation.addMonitor(FlagsNode(node: n(9), name: "third"), named: "a")
        #expect(await simulation.monitorSummary() == "third: 0 observations, all hold\nsecond: 2 observations, all hold")
        await simulation.removeMonitor(named: "b")
        #expect(await simulation.hasMonitor(named: "a"))
        #expect(!(await simulation.hasMonitor(named: "b")))
    }
}
