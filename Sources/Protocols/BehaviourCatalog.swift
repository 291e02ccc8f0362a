import SandboxCore

/// The behaviours a session can spawn, by name, with the options each accepts
/// (`spawn 5 raft prevote election=150ms..300ms`). Each entry makes a fresh behaviour
/// from whatever the node had persisted (nil on first spawn).
public enum BehaviourCatalog {
    /// One spawnable behaviour.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        /// The options it accepts, as `help spawn` shows them; empty when none.
        public let optionsUsage: String
        let configure: @Sendable ([String]) throws(BehaviourOptionError) -> BehaviourFactory

        init(name: String, summary: String, optionsUsage: String = "",
             configure: @escaping @Sendable ([String]) throws(BehaviourOptionError) -> BehaviourFactory) {
            self.name = name
            self.summary = summary
            self.optionsUsage = optionsUsage
            self.configure = configure
        }

        init(name: String, summary: String, make: @escaping BehaviourFactory) {
            self.init(name: name, summary: summary) { options throws(BehaviourOptionError) in
                if let first = options.first { throw BehaviourOptionError(option: first, message: "\(name) takes no options") }
                return make
            }
        }

        /// The factory for these options, or the first option that is wrong.
        public func factory(options: [String]) throws(BehaviourOptionError) -> BehaviourFactory {
            try configure(options)
        }

        /// The factory with no options (every entry accepts the empty option list).
        public var make: BehaviourFactory {
            do {
                return try configure([])
            } catch {
                preconditionFailure("\(name) must accept no options: \(error.message)")
            }
        }
    }

    public static let entries: [Entry] = [
        Entry(name: "none", summary: "acts only when told (local, send); for clock and ordering labs",
              make: { _, _ in IdleBehaviour() }),
        Entry(name: "echo", summary: "replies 'echo LABEL' to every message it receives",
              make: { _, _ in EchoBehaviour() }),
        Entry(name: "flood", summary: "re-broadcasts each new rumour once to every node it knows",
              make: { _, _ in FloodBehaviour() }),
        Entry(name: "stopwatch", summary: "measures elapsed time by wall and by monotonic clock (ask NODE start|lap)",
              make: { _, _ in StopwatchBehaviour() }),
        Entry(name: "lww", summary: "replicated register, last writer wins by wall-clock stamp (write/read)",
              make: { _, _ in LastWriterWinsRegister(stamping: .wallClock) }),
        Entry(name: "lww-lamport", summary: "replicated register, last writer wins by Lamport stamp (write/read)",
              make: { _, _ in LastWriterWinsRegister(stamping: .lamport) }),
        Entry(name: "raft", summary: "Raft consensus with a key-value store (ask NODE put|get|delete|cas ...)",
              optionsUsage: RaftBehaviour.Options.usage) { words throws(BehaviourOptionError) in
            let options = try RaftBehaviour.Options(parsing: words)
            return { _, durable in RaftBehaviour(options: options, durable: durable as? RaftDurableState ?? RaftDurableState()) }
        },
        Entry(name: "client", summary: "a client endpoint for raft: request SERVER put|get|delete|cas ... over the network",
              make: { _, _ in RaftClient() }),
        Entry(name: "mvr", summary: "replicated register keeping concurrent writes as siblings, by version vector",
              make: { _, _ in MultiValueRegister() }),
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name.lowercased() }
    }
}

/// A behaviour option that is not understood, and why.
public struct BehaviourOptionError: Error, Equatable, Sendable {
    /// The option as written.
    public let option: String
    public let message: String
}
