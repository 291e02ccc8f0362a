import SandboxCore

/// The protocols a session can spawn, and everything they add to the prompt, looked up
/// by name. The console reads only this; `Protocols` provides the standard one.
public struct ProtocolRegistry: Sendable {
    /// Every protocol, in the order `help spawn` lists them.
    public let protocols: [ProtocolDescriptor]

    /// A registry of `protocols`; names, command words, view names and claim words must
    /// each be unique (a programming error otherwise).
    public init(_ protocols: [ProtocolDescriptor]) {
        self.protocols = protocols
        for (what, words) in [("protocol", protocols.map(\.name)), ("command", commands.map(\.command.word)),
                              ("view", views.map(\.view.name)), ("claim", expectations.map(\.expectation.word))] {
            precondition(Set(words).count == words.count, "two protocols declare the same \(what): \(words)")
        }
    }

    /// The spawn names, in order.
    public var names: [String] { protocols.map(\.name) }

    /// The protocol spawned by that name (any case).
    public func descriptor(named name: String) -> ProtocolDescriptor? {
        let name = name.lowercased()
        return protocols.first { $0.name == name }
    }

    /// Every protocol command, with the protocol that declares it.
    public var commands: [(command: ProtocolCommand, owner: ProtocolDescriptor)] {
        protocols.flatMap { owner in owner.commands.map { ($0, owner) } }
    }

    /// Every `show` view a protocol adds, with its protocol.
    public var views: [(view: ProtocolView, owner: ProtocolDescriptor)] {
        protocols.flatMap { owner in owner.views.map { ($0, owner) } }
    }

    /// Every `expect` claim a protocol adds, with its protocol.
    public var expectations: [(expectation: ProtocolExpectation, owner: ProtocolDescriptor)] {
        protocols.flatMap { owner in owner.expectations.map { ($0, owner) } }
    }

    public func command(_ word: String) -> ProtocolCommand? { commands.first { $0.command.word == word }?.command }
    public func view(_ name: String) -> ProtocolView? { views.first { $0.view.name == name }?.view }
    public func expectation(_ word: String) -> ProtocolExpectation? {
        expectations.first { $0.expectation.word == word }?.expectation
    }

    /// The names of the protocols that check invariants, for `check` with nothing to check.
    public var monitored: [String] { protocols.filter { !$0.monitors.isEmpty }.map(\.name) }
}
