import SandboxCore

/// Measures elapsed time twice, with the wall clock and with the monotonic clock, so a
/// session can show why timeouts and durations must use the monotonic clock: step or
/// skew the wall clock between `start` and `lap` and the wall-clock measurement is
/// wrong, even negative, while the monotonic one is not.
public struct StopwatchBehaviour: Behaviour {
    private var started: (wall: Int64, monotonic: Int64)?

    public init() {}
    public var kind: String { "stopwatch" }

    public func refusal(of input: BehaviourInput) -> String? {
        if case .request(let request) = input {
            return ["start", "lap"].contains(request.operation) && request.arguments.isEmpty ? nil : "a stopwatch understands: start, lap"
        }
        return standardRefusal(of: input)
    }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        guard case .request(let request) = input else { return }
        switch request.operation {
        case "start":
            started = (context.wallClock, context.monotonicClock)
            context.reply("started: wall \(TimeFormat.seconds(context.wallClock)), monotonic \(TimeFormat.seconds(context.monotonicClock))")
        case "lap":
            guard let started else {
                context.reply("not started (ask NODE start first)")
                return
            }
            let wall = context.wallClock - started.wall
            let monotonic = context.monotonicClock - started.monotonic
            context.reply("elapsed by wall clock \(TimeFormat.duration(wall, signed: true)), "
                + "by monotonic clock \(TimeFormat.duration(monotonic, signed: true))")
        default:
            context.reply("a stopwatch understands: start, lap")
        }
    }
}
