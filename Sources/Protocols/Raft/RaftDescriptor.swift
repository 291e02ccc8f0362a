import ProtocolKit
import SandboxCore

extension RaftBehaviour {
    /// Raft as the prompt knows it: its options, the `raft log` and `raft term` set-ups,
    /// its views, its claims, its safety checker, its election timer and its client.
    public static let descriptor = ProtocolDescriptor(
        name: name,
        summary: "Raft consensus with a key-value store (ask NODE put|get|delete|cas ...)",
        options: Options.declared,
        configure: { options throws(BehaviourOptionError) in
            let options = try Options(options)
            return { _, durable in RaftBehaviour(options: options, durable: durable as? RaftDurableState ?? RaftDurableState()) }
        },
        commands: [setUpCommand],
        views: RaftViews.declared,
        expectations: RaftExpectations.declared,
        monitors: [MonitorDeclaration(name: name) { RaftSafetyChecker() }],
        defaultTimer: electionTimer,
        clientEndpoint: ClientEndpoint(kind: RaftClient.name) { command, server in
            ClientRequest(operation: "send", arguments: [server.description, command.operation] + command.arguments)
        },
        legend: RaftMessage.legend)

    /// `raft log NODE TERM...` and `raft term NODE TERM`.
    static let setUpCommand = ProtocolCommand(
        word: name,
        summary: "set up a Raft exercise: a server's log (raft log, terms by index) or its current term (raft term)",
        example: "raft log n3 1 1 1 4 4 5 5 6 6 6",
        forms: [
            CommandForm([.literal("log"), .node("NODE"), .repeated(.number("TERM", 0...1_000_000), minimum: 0)]) { arguments in
                .setUp(arguments.nodes[0], ClientRequest(operation: "log", arguments: arguments.numbers.map(String.init)))
            },
            CommandForm([.literal("term"), .node("NODE"), .number("TERM", 0...1_000_000)]) { arguments in
                .setUp(arguments.nodes[0], ClientRequest(operation: "term", arguments: arguments.numbers.map(String.init)))
            },
        ])
}

extension RaftClient {
    /// The client endpoint `request` spawns; it can be spawned by hand as well.
    public static let descriptor = ProtocolDescriptor(
        name: name, summary: "a client endpoint for raft: request SERVER put|get|delete|cas ... over the network",
        make: { RaftClient() })
}
