import SandboxCore

/// The messages between Raft servers and client endpoints on the network.
public enum RaftClientMessage {
    /// A client's command, numbered so answers and retries can be matched.
    public struct Command: Payload, Equatable {
        public let id: Int
        public let operation: String
        public let arguments: [String]
        public var label: String { "#\(id) " + ([operation] + arguments).joined(separator: " ") }
    }

    /// A server's answer to a command.
    public struct Result: Payload, Equatable {
        public let id: Int
        public let text: String
        public var label: String { "#\(id) \(text)" }
    }

    /// A follower's answer: ask the leader it knows (if any) instead.
    public struct Redirect: Payload, Equatable {
        public let id: Int
        public let leader: NodeID?
        public var label: String { "#\(id) redirect to \(leader?.description ?? "unknown leader")" }
    }
}

/// A client endpoint for a Raft cluster (`request n3 put x 1`): it sends each command
/// over the network, follows redirects to the leader, and when no answer comes within
/// its timeout tries again (at the leader it last heard of), up to a few attempts. A
/// retried command may be applied twice: exactly-once needs request ids the servers
/// remember, which these servers do not.
public struct RaftClient: Behaviour {
    /// How long to wait for an answer (local clock), and how many attempts to make.
    public static let timeout = SimDuration.milliseconds(300)
    public static let attempts = 3

    struct Pending: Sendable {
        let operation: String
        let arguments: [String]
        var server: NodeID
        var attempt: Int
        var text: String { ([operation] + arguments).joined(separator: " ") }
    }

    private var nextID = 1
    private var pending: [Int: Pending] = [:]
    /// The leader this client last heard of.
    public private(set) var knownLeader: NodeID?

    public init() {}
    /// The spawn name and node kind.
    public static let name = "client"

    public var kind: String { Self.name }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .request(let request) where request.operation == "send" && request.arguments.count >= 2:
            guard let server = NodeID(parsing: request.arguments[0]) else { return }
            let id = nextID
            nextID += 1
            pending[id] = Pending(operation: request.arguments[1], arguments: Array(request.arguments.dropFirst(2)),
                                  server: server, attempt: 1)
            send(id, context: &context)
        case .request:
            context.reply("a client sends: request SERVER OPERATION [WORD...]")
        case .message(let sender, let payload):
            if let result = payload as? RaftClientMessage.Result, let done = pending.removeValue(forKey: result.id) {
                knownLeader = sender
                context.cancelTimer(Self.timerName(result.id))
                context.reply("\(done.text) at \(sender): \(result.text)")
            } else if let redirect = payload as? RaftClientMessage.Redirect, var waiting = pending[redirect.id] {
                guard let leader = redirect.leader, leader != waiting.server else { return }  // wait for the timeout
                knownLeader = leader
                waiting.server = leader
                pending[redirect.id] = waiting
                context.note("client follows the redirect for #\(redirect.id) to \(leader)")
                send(redirect.id, context: &context)
            }
        case .timer(let name):
            guard let id = Int(name.dropFirst("retry.".count)), var waiting = pending[id] else { return }
            guard waiting.attempt < Self.attempts else {
                pending[id] = nil
                context.reply("\(waiting.text): no answer after \(Self.attempts) attempts; gave up")
                return
            }
            waiting.attempt += 1
            waiting.server = knownLeader ?? waiting.server
            pending[id] = waiting
            context.note("client: no answer to #\(id) within \(Self.timeout); attempt \(waiting.attempt) at \(waiting.server)")
            send(id, context: &context)
        case .start, .setUp:
            break
        }
    }

    public func refusal(of input: BehaviourInput) -> String? {
        switch input {
        case .request(let request):
            request.operation == "send" && request.arguments.count >= 2 && NodeID(parsing: request.arguments[0]) != nil
                ? nil : "a client sends: request SERVER OPERATION [WORD...]"
        case .timer(let name): name.hasPrefix("retry.") ? nil : "a client has retry timers (retry.N), not '\(name)'"
        case .setUp, .start, .message: standardRefusal(of: input)
        }
    }

    private func send(_ id: Int, context: inout BehaviourContext) {
        guard let waiting = pending[id] else { return }
        context.send(RaftClientMessage.Command(id: id, operation: waiting.operation, arguments: waiting.arguments),
                     to: waiting.server)
        context.setTimer(Self.timerName(id), after: Self.timeout)
    }

    static func timerName(_ id: Int) -> String { "retry.\(id)" }
}
