import ProtocolKit
import SandboxCore

/// A toy protocol that exists to prove the protocol kit: every node pings the others on a
/// timer and counts the pings it receives. Everything the prompt knows about it is in
/// ``PingCounter/descriptor``: one option, one set-up command, one view, one monitor, one
/// claim and a default timer. Nothing outside this folder names it but the registry line
/// in the tests.
struct PingCounter: Behaviour {
    static let name = "ping"
    static let timer = "ping"

    /// The one message: a ping.
    struct Ping: Payload, Equatable {
        var label: String { "ping" }
    }

    let interval: SimDuration
    private(set) var received = 0
    /// Set up by `ping limit NODE N`: the counter wraps to 0 past N (an overflow bug on
    /// purpose, for the monitor to catch).
    private(set) var limit: Int?

    var kind: String { Self.name }

    mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .start:
            context.setTimer(Self.timer, after: interval)
        case .timer:
            context.broadcast(Ping(), to: context.cluster)
            context.setTimer(Self.timer, after: interval)
        case .message(_, let payload) where payload is Ping:
            received += 1
            if let limit, received > limit { received = 0 }
        case .message, .request:
            break
        case .setUp(let request):
            limit = Int(request.arguments[0])
            context.reply("\(context.me) wraps past \(limit ?? 0)")
        }
    }

    func refusal(of input: BehaviourInput) -> String? {
        switch input {
        case .setUp(let request) where request.operation == "limit": nil
        case .timer(let name) where name == Self.timer: nil
        default: standardRefusal(of: input)
        }
    }
}

/// Checks that no node's ping count ever goes down (a crash starts it over).
struct PingsNeverDecrease: InvariantMonitor {
    private var counts: [NodeID: Int] = [:]
    private var found = 0

    mutating func observe(_ behaviour: (any Behaviour)?, of node: NodeID, after event: EventID) -> [InvariantViolation] {
        guard let counter = behaviour as? PingCounter else {
            counts[node] = nil
            return []
        }
        defer { counts[node] = counter.received }
        guard let before = counts[node], counter.received < before else { return [] }
        found += 1
        return [InvariantViolation(invariant: "pings never decrease",
                                   detail: "\(node) counted \(before) pings, then \(counter.received)", events: [event])]
    }

    func summary() -> String {
        found == 0 ? "ping counts: never decreased" : "ping counts: decreased \(found) time(s)"
    }
}

extension PingCounter {
    static let descriptor = ProtocolDescriptor(
        name: name, summary: "pings every other ping node on a timer and counts the pings it receives",
        options: [SpawnOption("interval", .duration, summary: "how often a node pings", example: "100ms")],
        configure: { options throws(BehaviourOptionError) in
            let interval = options.duration(of: "interval") ?? .milliseconds(100)
            return { _, _ in PingCounter(interval: interval) }
        },
        commands: [ProtocolCommand(
            word: name, summary: "set up a ping node to wrap its counter past a limit", example: "ping limit n1 3",
            forms: [CommandForm([.literal("limit"), .node("NODE"), .number("N", 0...1_000)]) { arguments in
                .setUp(arguments.nodes[0], ClientRequest(operation: "limit", arguments: arguments.numbers.map(String.init)))
            }])],
        views: [ProtocolView(name: "pings", summary: "each ping node's count") { inspection, _ in
            inspection.nodes(running: name).map { node in
                "\(node.id) " + ((node.behaviour as? PingCounter).map { "\($0.received)" } ?? "crashed")
            }.joined(separator: "\n")
        }],
        expectations: [ProtocolExpectation(word: "pings", summary: "a ping node's count",
                                           parameters: [.node("NODE"), .number("N", 0...Int(Int32.max))]) {
            inspection, arguments throws(InspectionProblem) in
            guard let counter = inspection.node(arguments.nodes[0])?.behaviour as? PingCounter else {
                throw InspectionProblem("\(arguments.nodes[0]) is not a running ping node", at: 0)
            }
            return Verdict(holds: counter.received == arguments.numbers[0], "\(arguments.nodes[0]) counted \(counter.received) pings")
        }],
        monitors: [MonitorDeclaration(name: name) { PingsNeverDecrease() }],
        defaultTimer: timer)
}
