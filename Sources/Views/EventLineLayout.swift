import SandboxCore
import Simulator

/// The column widths of a batch of event lines, wide enough for the batch's longest id,
/// time, node and Lamport value, so its lines align however far a run has gone
/// (`e648000 3600.000000s`), and narrow enough by default to fit 80 columns.
///
/// The wall-clock column is left out while every clock reads true time (it would repeat
/// the time column); ``showsWallClock`` says whether it is shown (the console decides).
public struct EventLineLayout: Sendable, Equatable {
    public var idWidth = 4
    public var timeWidth = 9
    public var nodeWidth = 3
    public var wallWidth = 14
    public var lamportWidth = 4
    public var showsWallClock = true
    /// The longest kind (`duplicate`, `partition`).
    static let kindWidth = 9

    public init() {}

    /// The narrowest layout (no narrower than the default) that fits every event of
    /// `events`, one pass over them.
    public init(fitting events: some Sequence<TraceEvent>, showsWallClock: Bool) {
        self.showsWallClock = showsWallClock
        for event in events {
            idWidth = max(idWidth, event.id.description.utf8.count)
            timeWidth = max(timeWidth, event.time.description.utf8.count)
            nodeWidth = max(nodeWidth, event.node?.description.utf8.count ?? 3)
            lamportWidth = max(lamportWidth, 1 + String(event.lamport).utf8.count)
            if showsWallClock, let wall = event.wallClock {
                wallWidth = max(wallWidth, 5 + TimeFormat.seconds(wall).utf8.count)
            }
        }
    }
}
