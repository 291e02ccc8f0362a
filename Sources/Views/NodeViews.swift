import ProtocolKit
import SandboxCore
import Simulator

/// `show nodes` and `show clocks`.
public enum NodeViews {
    public static func nodes(_ reports: [NodeReport]) -> String {
        guard !reports.isEmpty else { return "no nodes yet (try: spawn 3)" }
        var table = TextTable(headers: ["node", "behaviour", "status", "lamport", "events", "wall clock", "timers", "waiting"])
        for report in reports {
            table.append([
                report.id.description, report.kind, report.status.description, String(report.lamport),
                String(report.processEvents), TimeFormat.seconds(report.wallClock), String(report.armedTimers),
                String(report.waiting),
            ])
        }
        return table.render()
    }

    public static func clocks(_ reports: [NodeReport], now: SimTime) -> String {
        guard !reports.isEmpty else { return "no nodes yet (try: spawn 3)" }
        var table = TextTable(headers: ["node", "wall clock", "monotonic", "offset", "drift"])
        for report in reports {
            table.append([
                report.id.description, TimeFormat.seconds(report.wallClock), TimeFormat.seconds(report.monotonicClock),
                TimeFormat.duration(report.offset, signed: true),
                (report.driftPPM > 0 ? "+" : "") + "\(report.driftPPM)ppm",
            ])
        }
        return "true time \(now)\n" + table.render()
    }
}
