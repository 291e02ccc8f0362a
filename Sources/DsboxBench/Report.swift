import Foundation

/// The parent's table: for each cluster size the best run of each loop, the ratio
/// kernel / bare, the kernel's peak memory, and PASS or MISS against the targets.
struct Report {
    /// Kernel deliveries/s must be at least this fraction of the bare loop's.
    static let minimumRatio = 0.4
    /// Peak memory allowed for the largest cluster with its million traced events.
    static let memoryLimitMB = 300.0

    /// Every run, by (nodes, loop).
    var runs: [Int: [LoopKind: [CaseResult]]] = [:]
    let sizes: [Int]
    let repetitions: Int

    mutating func add(_ result: CaseResult) {
        runs[result.nodes, default: [:]][result.loop, default: []].append(result)
    }

    /// The fastest run of a case; its peak is the largest seen over all its runs.
    func best(_ loop: LoopKind, nodes: Int) -> (result: CaseResult, peakMB: Double)? {
        guard let all = runs[nodes]?[loop], let fastest = all.min(by: { $0.seconds < $1.seconds }) else { return nil }
        return (fastest, all.map(\.peakMB).max()!)
    }

    /// The slowest run of a case, to show how noisy the machine was.
    func slowest(_ loop: LoopKind, nodes: Int) -> CaseResult? {
        runs[nodes]?[loop]?.max(by: { $0.seconds < $1.seconds })
    }

    func render(loadAverage: String?) -> String {
        var lines: [String] = []
        lines.append("dsbox kernel benchmark: echo workload (every node sends to random peers, which reply)")
        lines.append("fixed \(EchoWorkload.latency) latency, seed \(EchoWorkload.seed); kernel: Simulation with catalog echo nodes, trace on")
        lines.append("with no window, driven by send(from:to:label:) and run(for:) from the simulation's executor")
        lines.append("best of \(repetitions) runs per case, each run in its own process"
            + (loadAverage.map { "; load average at start \($0)" } ?? ""))
        lines.append("")
        let header = [pad("nodes", 6), pad("loop", 9), pad("deliveries", 10), pad("traced events", 13),
                      pad("best s", 7), pad("worst s", 7), pad("deliveries/s", 12), pad("peak MB", 7)]
        lines.append(header.joined(separator: "  "))
        lines.append(String(repeating: "-", count: header.joined(separator: "  ").count))
        for nodes in sizes {
            for loop in LoopKind.allCases {
                guard let (result, peak) = best(loop, nodes: nodes), let worst = slowest(loop, nodes: nodes) else { continue }
                lines.append([
                    pad(grouped(nodes), 6), pad(loop.rawValue, 9), pad(grouped(result.deliveries), 10),
                    pad(loop != .kernel ? "-" : grouped(result.tracedEvents), 13),
                    pad(String(format: "%.3f", result.seconds), 7),
                    pad(String(format: "%.3f", worst.seconds), 7),
                    pad(String(format: "%.2f M", result.deliveriesPerSecond / 1e6), 12),
                    pad(String(format: "%.1f", peak), 7),
                ].joined(separator: "  "))
            }
        }
        lines.append("")
        lines.append("targets")
        for nodes in sizes {
            guard let ratio = ratio(nodes: nodes, against: .bare) else { continue }
            lines.append("  kernel/bare at \(pad(grouped(nodes), 6)) nodes: "
                + String(format: "%.2f (need >= %.2f)  ", ratio, Self.minimumRatio)
                + verdict(ratio >= Self.minimumRatio))
        }
        if let largest = sizes.max(), let kernel = best(.kernel, nodes: largest) {
            let traced = kernel.result.tracedEvents
            lines.append("  peak memory at \(grouped(largest)) nodes, \(grouped(traced)) traced events: "
                + String(format: "%.1f MB (need < %.0f MB)  ", kernel.peakMB, Self.memoryLimitMB)
                + verdict(kernel.peakMB < Self.memoryLimitMB && traced >= EchoWorkload.tracedEventTarget))
        }
        for nodes in sizes {
            let counts = Set(LoopKind.allCases.compactMap { best($0, nodes: nodes)?.result.deliveries })
            if counts.count > 1 { lines.append("  warning: at \(grouped(nodes)) nodes the loops delivered different counts: \(counts.sorted())") }
        }
        let drops = runs.values.flatMap { $0.values.flatMap { $0 } }.map(\.drops).reduce(0, +)
        if drops > 0 { lines.append("  warning: \(drops) messages were dropped; the workload should lose none") }
        return lines.joined(separator: "\n")
    }

    /// Kernel deliveries/s over `reference`'s, best runs.
    func ratio(nodes: Int, against reference: LoopKind) -> Double? {
        guard let kernel = best(.kernel, nodes: nodes), let base = best(reference, nodes: nodes) else { return nil }
        return kernel.result.deliveriesPerSecond / base.result.deliveriesPerSecond
    }

    private func verdict(_ passed: Bool) -> String { passed ? "PASS" : "MISS  <<<" }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 { digits.insert(",", at: index); index -= 3 }
        return String(digits)
    }
}
