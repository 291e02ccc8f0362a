import ProtocolKit

extension StopwatchBehaviour {
    public static let descriptor = ProtocolDescriptor(
        name: "stopwatch", summary: "measures elapsed time by wall and by monotonic clock (ask NODE start|lap)",
        make: { StopwatchBehaviour() })
}
