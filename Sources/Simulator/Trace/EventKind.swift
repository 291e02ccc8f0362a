/// What happened in one trace event.
public enum EventKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    // Process events: the textbook's local, send and receive events (a fired timer and a
    // client's request are local events). Each one advances its node's Lamport and
    // vector clocks.
    case local, send, deliver, timer, request
    // Everything else is recorded with the node's current clocks but does not advance
    // them: the router's decisions, faults and settings, and narration.
    case drop, duplicate, spawn, crash, restart, pause, resume
    case partition, isolate, cut, heal, network, skew, drift, note, reply

    /// True for local, send, deliver, timer and request events, which take part in causality.
    public var isProcessEvent: Bool { rawValue <= EventKind.request.rawValue }

    public var description: String {
        switch self {
        case .local: "local"
        case .send: "send"
        case .deliver: "deliver"
        case .timer: "timer"
        case .request: "request"
        case .reply: "reply"
        case .drop: "drop"
        case .duplicate: "duplicate"
        case .spawn: "spawn"
        case .crash: "crash"
        case .restart: "restart"
        case .pause: "pause"
        case .resume: "resume"
        case .partition: "partition"
        case .isolate: "isolate"
        case .cut: "cut"
        case .heal: "heal"
        case .network: "network"
        case .skew: "skew"
        case .drift: "drift"
        case .note: "note"
        }
    }
}

/// Why the network (or a dead receiver) did not deliver a message.
public enum DropReason: UInt8, Sendable, CustomStringConvertible {
    case loss = 1, partitioned, isolated, cut, receiverCrashed, lostInCrash, noSuchNode

    public var description: String {
        switch self {
        case .loss: "lost (random loss)"
        case .partitioned: "partitioned"
        case .isolated: "isolated"
        case .cut: "link cut"
        case .receiverCrashed: "receiver crashed"
        case .lostInCrash: "lost in crash (was waiting while paused)"
        case .noSuchNode: "no such node"
        }
    }

    /// A one-word spelling for exports.
    public var code: String {
        switch self {
        case .loss: "loss"
        case .partitioned: "partitioned"
        case .isolated: "isolated"
        case .cut: "cut"
        case .receiverCrashed: "receiver_crashed"
        case .lostInCrash: "lost_in_crash"
        case .noSuchNode: "no_such_node"
        }
    }
}
