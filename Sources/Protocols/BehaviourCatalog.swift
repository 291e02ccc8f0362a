import SandboxCore

/// The behaviours a session can spawn, by name. Each entry makes a fresh behaviour from
/// whatever the node had persisted (nil on first spawn).
public enum BehaviourCatalog {
    /// One spawnable behaviour.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let make: BehaviourFactory
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
              make: { _, durable in RaftBehaviour(durable: durable as? RaftDurableState ?? RaftDurableState()) }),
        Entry(name: "mvr", summary: "replicated register keeping concurrent writes as siblings, by version vector",
              make: { _, _ in MultiValueRegister() }),
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name.lowercased() }
    }
}
