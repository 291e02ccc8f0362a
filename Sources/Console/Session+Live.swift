import SandboxCore
import Simulator

/// Live mode: virtual time follows wall time while the person keeps typing.
///
/// The prompt loop advances the simulation in small steps (``advanceLive(by:)``); the
/// session keeps the stretch of virtual time since the last command as an open
/// segment. When a command arrives (or `stop`), the segment is closed into the history
/// as the `run` that would replay it, so a live session saves and replays exactly.
struct LiveSegment {
    /// Virtual seconds per wall second.
    let speed: Double
    /// What is streamed above the prompt (the history keeps every event regardless).
    let showing: Command.LiveDisplay
    /// Where the open segment started.
    var start: SimTime
    var firstEvent: Int
    var eventsBefore: Int
    var dropsBefore: Int
}

extension Session {
    /// True while live mode is on.
    public var isLive: Bool { live != nil }

    /// Virtual seconds per wall second in live mode.
    public var liveSpeed: Double? { live?.speed }

    func startLive(speed: Double, showing: Command.LiveDisplay, _ parsed: ParsedCommand) async throws -> String {
        guard allowsLive else {
            throw CommandError(column: 1, message: "live mode follows the wall clock, so it needs the interactive prompt",
                               usage: catalog.entry(for: "live")!.usage)
        }
        guard live == nil else {
            throw CommandError(column: 1, message: "already live (stop leaves live mode)", usage: catalog.entry(for: "live")!.usage)
        }
        if case .only(let filter) = showing {
            for node in filter.nodes where !(await simulation.hasNode(node)) {
                throw CommandError(column: parsed.nodeColumns[node] ?? 1, message: "unknown node \(node)",
                                   usage: catalog.entry(for: "live")!.usage)
            }
        }
        live = await openSegment(speed: speed, showing: showing)
        let shown = switch showing {
        case .everything: ""
        case .quiet: "\nquiet: no event lines are shown, but every event is kept (show trace lists them)"
        case .only: "\nonly the events the filter matches are shown; every event is kept"
        }
        return "live at \(Self.format(speed: speed)): time follows the wall clock while you type; stop or Ctrl-C leaves" + shown
    }

    func stopLive(_ parsed: ParsedCommand) async throws -> String {
        guard live != nil else {
            throw CommandError(column: 1, message: "not in live mode (live [SPEED] starts it)", usage: catalog.entry(for: "stop")!.usage)
        }
        live = nil
        return "live mode stopped at \(await simulation.now)"
    }

    /// Advances virtual time by `delta` in live mode and returns the new events for the
    /// terminal (empty when there are none, or when not live).
    public func advanceLive(by delta: SimDuration) async -> String {
        guard let segment = live, delta > .zero else { return "" }
        _ = await simulation.run(for: delta, stop: nil)
        switch segment.showing {
        case .everything: return await newEventListing(quiet: false).display
        case .quiet: return await newEventListing(quiet: true).display
        case .only(let filter): return await newEventListing(quiet: false, showing: filter).display
        }
    }

    /// Closes the open live segment into the history as a `run`, and opens the next.
    ///
    /// Called before each command; the next segment is opened again once the command is
    /// done (``reopenLiveSegment()``), so what the command itself did (its events, the
    /// time a typed `run` advanced) belongs to the command alone.
    public func closeLiveSegment() async {
        guard let segment = live else { return }
        let now = await simulation.now
        guard now > segment.start else { return }
        let duration = now - segment.start
        let lastEvent = await simulation.lastEventID?.rawValue ?? 0
        let listing = lastEvent >= segment.firstEvent ? await eventListing(segment.firstEvent...lastEvent).plain : ""
        let summary = RunSummary(events: await simulation.trace.totalRecorded - segment.eventsBefore,
                                 drops: await simulation.droppedMessages - segment.dropsBefore, interrupted: false)
        let entry = HistoryEntry(line: "run \(duration)",
                                 output: Self.joined(listing, "ran \(duration) to \(now): " + Self.describe(summary)))
        record(entry, .run(duration, quiet: false))
        live = await openSegment(speed: segment.speed, showing: segment.showing)
    }

    /// Starts the open segment afresh from now, after a command: what the command did is
    /// not part of the stretch that follows it.
    func reopenLiveSegment() async {
        guard let segment = live else { return }
        live = await openSegment(speed: segment.speed, showing: segment.showing)
    }

    private func openSegment(speed: Double, showing: Command.LiveDisplay) async -> LiveSegment {
        LiveSegment(speed: speed, showing: showing, start: await simulation.now,
                    firstEvent: (await simulation.lastEventID?.rawValue ?? 0) + 1,
                    eventsBefore: await simulation.trace.totalRecorded,
                    dropsBefore: await simulation.droppedMessages)
    }

    static func format(speed: Double) -> String {
        (speed == speed.rounded() ? String(Int(speed)) : String(speed)) + "x"
    }
}
