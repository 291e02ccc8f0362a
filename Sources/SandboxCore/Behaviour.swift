/// A node's protocol logic as a pure state machine: it takes one input with a context
/// and records effects in that context. It owns no threads, sleeps never, reads no
/// global time and does no I/O; the node actor that hosts it carries the effects out.
///
/// This is the "sans-I/O" shape of etcd-io/raft's `Ready` loop: behaviours are tested
/// by calling ``handle(_:context:)`` directly, with no simulator.
public protocol Behaviour: Sendable {
    /// The name used in commands (`spawn 3 echo`) and shown by `show nodes`.
    var kind: String { get }

    /// React to one input. Effects are appended to `context`, in the order they must
    /// happen.
    mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext)

    /// Why this behaviour cannot take `input` as a person gave it (a request it does not
    /// understand, a set-up it refuses, a timer it does not have), or nil when it can.
    ///
    /// The simulation asks before it records anything, so a refused command is an error
    /// that changes nothing. Only inputs a person gives directly are asked about:
    /// requests, set-ups and forced timers, never messages.
    func refusal(of input: BehaviourInput) -> String?
}

extension Behaviour {
    /// By default a behaviour takes no requests, has no set-up commands and no timers.
    public func refusal(of input: BehaviourInput) -> String? { standardRefusal(of: input) }

    /// The refusals of a behaviour that takes no requests, has no set-up commands and
    /// sets no timers; a behaviour that takes some inputs answers those and defers the
    /// rest to this.
    public func standardRefusal(of input: BehaviourInput) -> String? {
        switch input {
        case .request(let request): "\(kind) takes no requests (not \(request.operation))"
        case .setUp(let request): "\(kind) has no set-up commands (not \(request.operation))"
        case .timer(let name): "\(kind) has no timer '\(name)'"
        case .start, .message: nil
        }
    }
}

/// Makes a node's behaviour: on spawn with `durable` nil, on restart with whatever the
/// node last persisted.
public typealias BehaviourFactory = @Sendable (_ node: NodeID, _ durable: (any Sendable)?) -> any Behaviour

/// What a behaviour can be asked to react to.
public enum BehaviourInput: Sendable {
    /// The node has just been spawned, or restarted after a crash.
    case start
    /// A message arrived from `sender`.
    case message(from: NodeID, payload: any Payload)
    /// A timer this behaviour set has fired.
    case timer(name: String)
    /// A client asked this node to do something (`write n1 x 5`, `read n2 x`).
    case request(ClientRequest)
    /// An instructor edits the node's state to set up an exercise (`raft log n3 1 1 4`);
    /// not part of any protocol.
    case setUp(ClientRequest)
}

/// A request a person makes of a node from the prompt: an operation and its words.
public struct ClientRequest: Sendable, Equatable {
    /// The operation, e.g. `write`, `read`, `start`.
    public let operation: String
    public let arguments: [String]

    public init(operation: String, arguments: [String]) {
        self.operation = operation
        self.arguments = arguments
    }

    /// `write x 5`.
    public var text: String { ([operation] + arguments).joined(separator: " ") }
}

/// Something a behaviour wants done, carried out by its node in order.
public enum Effect: Sendable {
    /// Send `payload` to `to` through the network.
    case send(to: NodeID, payload: any Payload)
    /// Arm (or re-arm) the timer `name` to fire after `after` of the node's own clock.
    case setTimer(name: String, after: SimDuration)
    /// Disarm the timer `name`, if armed.
    case cancelTimer(name: String)
    /// Replace the node's durable storage, which survives crashes, with `state`.
    case persist(state: any Sendable)
    /// Explain a decision in the trace ("n2 rejects the vote: log behind").
    case note(String)
    /// Answer the client request being handled (shown to the person who asked).
    case reply(String)
    /// Step the node's own wall clock by this much (as NTP does); the monotonic clock
    /// does not move.
    case stepClock(SimDuration)
}

/// Everything a behaviour may see and do while handling one input: its own id, the
/// nodes it knows, its own clocks, its own seeded randomness and an effect list.
public struct BehaviourContext: Sendable {
    /// The node this behaviour runs on.
    public let me: NodeID
    /// Every node this node knows of, itself included, in id order.
    public let members: [NodeID]
    /// The nodes running the same behaviour as this one, itself included, in id order:
    /// a Raft node's cluster, without the clients and other nodes around it.
    public let cluster: [NodeID]
    /// The node's wall-clock reading (may be skewed, drift, and jump), in microseconds.
    public let wallClock: Int64
    /// The node's monotonic clock: local microseconds since the node was spawned; it
    /// never goes backwards.
    public let monotonicClock: Int64
    /// The node's own random stream.
    public var random: SeededRandom
    /// What the behaviour asked for so far, in order.
    public var effects: [Effect]

    public init(me: NodeID, members: [NodeID], cluster: [NodeID]? = nil, wallClock: Int64, monotonicClock: Int64,
                random: SeededRandom, effects: [Effect] = []) {
        self.me = me
        self.members = members
        self.cluster = cluster ?? members
        self.wallClock = wallClock
        self.monotonicClock = monotonicClock
        self.random = random
        self.effects = effects
    }

    public mutating func send(_ payload: any Payload, to node: NodeID) { effects.append(.send(to: node, payload: payload)) }
    /// Sends `payload` to every node of `nodes` but this one, in id order; by default to
    /// every node this node knows (``members``).
    public mutating func broadcast(_ payload: any Payload, to nodes: [NodeID]? = nil) {
        for node in nodes ?? members where node != me { effects.append(.send(to: node, payload: payload)) }
    }
    public mutating func setTimer(_ name: String, after: SimDuration) { effects.append(.setTimer(name: name, after: after)) }
    public mutating func cancelTimer(_ name: String) { effects.append(.cancelTimer(name: name)) }
    public mutating func persist(_ state: any Sendable) { effects.append(.persist(state: state)) }
    public mutating func note(_ text: String) { effects.append(.note(text)) }
    public mutating func reply(_ text: String) { effects.append(.reply(text)) }
    public mutating func stepClock(by delta: SimDuration) { effects.append(.stepClock(delta)) }
}
