import SandboxCore

/// NTP-style clock synchronisation over the simulated network: a client asks a server
/// for the time and corrects its wall clock from the four timestamps of the exchange.
///
/// With t0 the client's send time, t1 the server's receive time, t2 the server's send
/// time and t3 the client's receive time (each read from its own node's wall clock), the
/// client estimates its offset from the server as θ = ((t1 − t0) + (t2 − t3)) / 2 and the
/// round-trip delay as δ = (t3 − t0) − (t2 − t1). If the two one-way delays are equal the
/// estimate is exact; otherwise it is off by half their difference, and never by more
/// than δ / 2, the error bound (Mills, RFC 5905; Cristian 1989 is the one-server case).
public enum NTP {
    /// The client's request: which exchange, and when it left (client wall clock).
    public struct Request: Payload, Equatable {
        public let exchange: Int
        public let t0: Int64
        public var label: String { "ntp request #\(exchange)" }
    }

    /// The server's answer: the request's t0, and the server's receive and send times.
    public struct Response: Payload, Equatable {
        public let exchange: Int
        public let t0: Int64
        public let t1: Int64
        public let t2: Int64
        public var label: String { "ntp response #\(exchange)" }
    }

    /// The client's conclusion from one exchange, in microseconds.
    public struct Estimate: Sendable, Equatable {
        /// How far the server's clock is ahead of the client's (θ): the correction to apply.
        public let offset: Int64
        /// The round-trip delay (δ), without the server's processing time.
        public let delay: Int64
        /// The most the estimate can be wrong by: δ / 2.
        public var errorBound: Int64 { delay / 2 }

        public init(t0: Int64, t1: Int64, t2: Int64, t3: Int64) {
            // Halves are rounded toward negative infinity, on the µs grid.
            let sum = (t1 - t0) + (t2 - t3)
            offset = sum >= 0 ? sum / 2 : -((-sum + 1) / 2)
            delay = (t3 - t0) - (t2 - t1)
        }
    }

    /// The timer name periodic synchronisation uses (names starting `ntp.` are reserved).
    public static let timerName = "ntp.sync"

    /// What a node keeps about its own synchronisation: configuration that survives a
    /// crash (like a daemon's configuration file) and the exchange in progress.
    struct ClientState: Sendable {
        var server: NodeID?
        var period: SimDuration?
        var exchanges = 0
        var pending: Int?
    }

    /// Starts an exchange: the request to send.
    static func begin(_ state: inout ClientState, wallClock: Int64) -> (to: NodeID, request: Request)? {
        guard let server = state.server else { return nil }
        state.exchanges += 1
        state.pending = state.exchanges
        return (server, Request(exchange: state.exchanges, t0: wallClock))
    }

    /// The server's side: answers at once, so t1 = t2.
    static func answer(_ request: Request, wallClock: Int64) -> Response {
        Response(exchange: request.exchange, t0: request.t0, t1: wallClock, t2: wallClock)
    }

    /// The client's side: an estimate for the pending exchange, or nil for a stale or
    /// duplicated response.
    static func conclude(_ state: inout ClientState, _ response: Response, wallClock: Int64) -> Estimate? {
        guard state.pending == response.exchange else { return nil }
        state.pending = nil
        return Estimate(t0: response.t0, t1: response.t1, t2: response.t2, t3: wallClock)
    }

    static func describe(_ estimate: Estimate, server: NodeID) -> String {
        "ntp from \(server): offset \(TimeFormat.duration(estimate.offset, signed: true)), "
            + "round trip \(TimeFormat.duration(estimate.delay)), error at most ±\(TimeFormat.duration(estimate.errorBound))"
    }
}
