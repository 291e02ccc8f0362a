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
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name.lowercased() }
    }
}
