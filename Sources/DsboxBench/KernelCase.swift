import ProtocolKit
import Protocols
import SandboxCore
import Simulator

/// The kernel under test: a ``Simulation`` with echo nodes from the behaviour catalog,
/// fixed latency and the trace on with no window, driven by the echo workload through
/// the public API (`send(from:to:label:)`, then `run(for:)`), as a console would drive it.
enum KernelCase {
    static func measure(_ workload: EchoWorkload) async -> CaseResult {
        let simulation = Simulation(seed: EchoWorkload.seed)
        return await run(workload, on: simulation)
    }

    /// Runs on the simulation's executor (an `isolated` parameter), so the workload's
    /// calls into the kernel are plain same-executor calls, not a thread hop per message.
    private static func run(_ workload: EchoWorkload, on simulation: isolated Simulation) async -> CaseResult {
        let ids = workload.ids
        do {
            try await simulation.spawn(ids, kind: "echo", factory: ProtocolRegistry.standard.descriptor(named: "echo")!.make)
        } catch {
            fatalError("spawn failed: \(error)")
        }
        simulation.setLatency(.fixed(EchoWorkload.latency))
        var picker = workload.makePeerPicker()
        var sent = 0

        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<workload.rounds {
            for sender in 0..<workload.nodes {
                for _ in 0..<workload.fanout {
                    let peer = picker.peer(of: sender)
                    do {
                        try await simulation.send(from: ids[sender], to: ids[peer], label: MessageLabels.label(sent))
                    } catch {
                        fatalError("send failed: \(error)")
                    }
                    sent += 1
                }
            }
            _ = await simulation.run(for: workload.roundDuration)
        }
        let seconds = BareLoop.seconds(clock.now - started)
        let peakKB = PeakMemory.highWaterMarkKB()

        // Counted after the clock stopped and the peak was read, in small chunks, so the
        // check neither slows the run nor raises the peak.
        let trace = simulation.trace
        var deliveries = 0
        var first = 1
        while first <= trace.totalRecorded {
            let last = min(first + 9_999, trace.totalRecorded)
            deliveries += trace.events(in: first...last).reduce(0) { $0 + ($1.kind == .deliver ? 1 : 0) }
            first = last + 1
        }
        return CaseResult(loop: .kernel, nodes: workload.nodes, deliveries: deliveries,
                          tracedEvents: trace.totalRecorded, drops: simulation.droppedMessages,
                          seconds: seconds, peakKB: peakKB)
    }
}
