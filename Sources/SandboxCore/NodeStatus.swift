/// Whether a node is running.
public enum NodeStatus: String, Sendable, CustomStringConvertible {
    /// Running: handles messages and timers as they come.
    case up
    /// Stopped: volatile state is gone, durable storage is kept; messages to it are dropped.
    case crashed
    /// Frozen, as in a long GC pause: messages and timers wait and are handled on resume.
    case paused

    public var description: String { rawValue }
}
