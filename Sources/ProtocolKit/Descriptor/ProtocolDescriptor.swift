import SandboxCore

/// Everything the rest of dsbox needs to know about one protocol, declared once in its
/// folder: how to spawn it, the commands, views and claims it adds to the prompt, the
/// invariants checked while it runs, the timer `timeout NODE` fires, and the client
/// endpoint `request` goes through. The registry lists every descriptor.
public struct ProtocolDescriptor: Sendable {
    /// Builds the behaviour factory for a spawn's options, or says which option is wrong
    /// (for checks that involve several options).
    public typealias Configure = @Sendable (SpawnOptions) throws(BehaviourOptionError) -> BehaviourFactory

    /// The spawn name (`spawn 5 raft`), also each node's kind.
    public let name: String
    public let summary: String
    public let options: [SpawnOption]
    public let configure: Configure
    public let commands: [ProtocolCommand]
    public let views: [ProtocolView]
    public let expectations: [ProtocolExpectation]
    /// Invariant monitors installed once a node of this protocol is spawned.
    public let monitors: [MonitorDeclaration]
    /// The timer `timeout NODE` fires when no timer is named.
    public let defaultTimer: String?
    /// How `request SERVER ...` reaches a node of this protocol, if it can.
    public let clientEndpoint: ClientEndpoint?
    /// What its messages look like in the trace, one `label  meaning` line each, for `help`.
    public let legend: [String]

    public init(name: String, summary: String, options: [SpawnOption] = [], configure: @escaping Configure,
                commands: [ProtocolCommand] = [], views: [ProtocolView] = [], expectations: [ProtocolExpectation] = [],
                monitors: [MonitorDeclaration] = [], defaultTimer: String? = nil, clientEndpoint: ClientEndpoint? = nil,
                legend: [String] = []) {
        self.name = name
        self.summary = summary
        self.options = options
        self.configure = configure
        self.commands = commands
        self.views = views
        self.expectations = expectations
        self.monitors = monitors
        self.defaultTimer = defaultTimer
        self.clientEndpoint = clientEndpoint
        self.legend = legend
    }

    /// A protocol without options whose nodes all start from `make`.
    public init(name: String, summary: String, make: @escaping @Sendable () -> any Behaviour) {
        self.init(name: name, summary: summary) { _ throws(BehaviourOptionError) in { _, _ in make() } }
    }

    /// The factory for options as written (`prevote`, `heartbeat=50ms`), or the first
    /// option that is wrong.
    public func factory(options words: [String]) throws(BehaviourOptionError) -> BehaviourFactory {
        var given: [SpawnOptions.Given] = []
        for word in words { given.append(try SpawnOption.parse(word, declared: options, protocolName: name)) }
        return try configure(SpawnOptions(given))
    }

    /// The factory with no options, which every protocol accepts.
    public var make: BehaviourFactory {
        do {
            return try factory(options: [])
        } catch {
            preconditionFailure("\(name) must accept no options: \(error.message)")
        }
    }

    /// The options as `help spawn` lists them; empty when there are none.
    public var optionsUsage: String { options.map(\.usage).joined(separator: ", ") }
}

/// An invariant monitor a protocol asks to be checked, by name (one of each name runs).
public struct MonitorDeclaration: Sendable {
    public let name: String
    public let make: @Sendable () -> any InvariantMonitor

    public init(name: String, make: @escaping @Sendable () -> any InvariantMonitor) {
        self.name = name
        self.make = make
    }
}

/// The node kind `request` spawns to speak to a protocol's servers over the network, and
/// the request it hands that client to pass one command on.
public struct ClientEndpoint: Sendable {
    /// The protocol the client node runs (it must be in the registry).
    public let kind: String
    /// The client's request that sends `command` to `server`.
    public let forward: @Sendable (_ command: ClientRequest, _ server: NodeID) -> ClientRequest

    public init(kind: String, forward: @escaping @Sendable (ClientRequest, NodeID) -> ClientRequest) {
        self.kind = kind
        self.forward = forward
    }
}
