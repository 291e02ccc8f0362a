import SandboxCore
import Simulator

/// `show net`: the network-wide rule, faults in force and per-link overrides.
public enum NetworkView {
    public static func render(_ router: Router, members: [NodeID], pending: Int) -> String {
        var lines: [String] = []
        let rule = router.defaultRule
        lines.append("latency    \(latencyText(rule.latency))")
        lines.append("loss       \(rule.loss)")
        lines.append("dup        \(rule.duplication)")
        let groups = router.partition(of: members)
        lines.append("partition  " + (groups.isEmpty ? "none" : groups.map { $0.map(\.description).joined(separator: " ") }.joined(separator: " | ")))
        lines.append("isolated   " + (router.isolated.isEmpty ? "none" : router.isolated.sorted().map(\.description).joined(separator: " ")))
        lines.append("cuts       " + (router.cuts.isEmpty ? "none" : router.cuts.sorted().map(\.description).joined(separator: ", ")))
        let overrides = router.overrides.sorted { $0.key < $1.key }
        if overrides.isEmpty {
            lines.append("links      no overrides")
        } else {
            for (index, (link, override)) in overrides.enumerated() {
                var parts: [String] = []
                if let latency = override.latency { parts.append("latency \(latencyText(latency))") }
                if let loss = override.loss { parts.append("loss \(loss)") }
                if let duplication = override.duplication { parts.append("dup \(duplication)") }
                lines.append((index == 0 ? "links      " : "           ") + "\(link)  " + parts.joined(separator: ", "))
            }
        }
        lines.append("pending    \(pending) scheduled event\(pending == 1 ? "" : "s") (messages in flight, timers)")
        return lines.joined(separator: "\n")
    }

    static func latencyText(_ model: LatencyModel) -> String {
        switch model {
        case .fixed: "\(model) fixed"
        case .uniform: "\(model) uniform"
        case .pareto: "\(model) (long tail)"
        }
    }
}
