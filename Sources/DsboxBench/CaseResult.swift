import Foundation

/// Which loop a measured case ran.
enum LoopKind: String, Sendable, CaseIterable {
    /// The plain event loop: the kernel's event queue plus function calls, the
    /// reference for the kernel's target.
    case bare
    /// The dsbox kernel: actors, router and trace.
    case kernel
}

/// The figures of one measured case, as a child process reports them to the parent on
/// one line of `key=value` words.
struct CaseResult: Sendable {
    let loop: LoopKind
    let nodes: Int
    let deliveries: Int
    /// Events in the trace at the end (0 for the bare loop, which has none).
    let tracedEvents: Int
    let drops: Int
    /// Wall time of the workload alone (setup excluded).
    let seconds: Double
    /// The process's peak resident set (VmHWM), in KiB.
    let peakKB: Int

    var deliveriesPerSecond: Double { Double(deliveries) / seconds }
    var peakMB: Double { Double(peakKB) / 1024 }

    private static let marker = "dsbox-bench-result"

    /// The one line a child prints.
    var line: String {
        "\(Self.marker) loop=\(loop.rawValue) nodes=\(nodes) deliveries=\(deliveries) traced=\(tracedEvents) "
            + "drops=\(drops) seconds=\(seconds) peakKB=\(peakKB)"
    }

    /// Reads a child's output; nil when it holds no well-formed result line.
    init?(parsing output: String) {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(Self.marker) }) else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in line.split(separator: " ").dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let loop = fields["loop"].flatMap({ LoopKind(rawValue: String($0)) }),
              let nodes = fields["nodes"].flatMap({ Int($0) }),
              let deliveries = fields["deliveries"].flatMap({ Int($0) }),
              let traced = fields["traced"].flatMap({ Int($0) }),
              let drops = fields["drops"].flatMap({ Int($0) }),
              let seconds = fields["seconds"].flatMap({ Double($0) }),
              let peakKB = fields["peakKB"].flatMap({ Int($0) })
        else { return nil }
        self.init(loop: loop, nodes: nodes, deliveries: deliveries, tracedEvents: traced, drops: drops,
                  seconds: seconds, peakKB: peakKB)
    }

    init(loop: LoopKind, nodes: Int, deliveries: Int, tracedEvents: Int, drops: Int, seconds: Double, peakKB: Int) {
        self.loop = loop
        self.nodes = nodes
        self.deliveries = deliveries
        self.tracedEvents = tracedEvents
        self.drops = drops
        self.seconds = seconds
        self.peakKB = peakKB
    }
}

/// The peak resident memory of this process, from Linux's `/proc/self/status`.
enum PeakMemory {
    /// VmHWM in KiB, or 0 where the file is missing (not Linux).
    static func highWaterMarkKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
    }
}
