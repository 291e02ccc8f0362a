// Helpers for driving `RaftBehaviour` directly, without the simulator: a context maker,
// effect extractors, message builders, a persistence check run after every input, and
// `RaftNetwork`, a tiny in-test network whose messages are delivered one at a time in
// the order a test chooses.
//
// `@testable` is needed only because the `RaftMessage` structs have no public
// initialisers; tests build messages with their memberwise initialisers.
@testable import Protocols
import SandboxCore
import Testing

// MARK: - Names and logs

/// The timer names RaftBehaviour arms (its constants are internal).
enum RaftTimer {
    static let election = "election"
    static let heartbeat = "heartbeat"
}

/// Members `n1…n<count>`.
func raftMembers(_ count: Int) -> [NodeID] { (1...count).map(NodeID.init) }

/// A log with the given terms. The command of index `i` depends only on `(i, term)`, so
/// two logs that agree on an index and term hold equal entries (Log Matching), and
/// different terms at an index give different entries.
func raftLog(terms: [Int]) -> [RaftEntry] {
    terms.enumerated().map { offset, term in
        RaftEntry(term: term, command: .put(key: "i\(offset + 1)", value: "t\(term)"))
    }
}

/// The entry `raftLog(terms:)` puts at `index` for `term`.
func raftEntry(index: Int, term: Int) -> RaftEntry {
    RaftEntry(term: term, command: .put(key: "i\(index)", value: "t\(term)"))
}

extension RaftDurableState {
    /// The terms of the log, index 1 first.
    var terms: [Int] { log.map(\.term) }
}

// MARK: - Message builders

func voteRequest(term: Int, from candidate: NodeID, lastLogIndex: Int, lastLogTerm: Int) -> RaftMessage.VoteRequest {
    RaftMessage.VoteRequest(term: term, candidate: candidate, lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm)
}

func voteReply(term: Int, granted: Bool) -> RaftMessage.VoteReply {
    RaftMessage.VoteReply(term: term, granted: granted)
}

func appendRequest(term: Int, from leader: NodeID, prevLogIndex: Int, prevLogTerm: Int,
                   entries: [RaftEntry] = [], leaderCommit: Int = 0) -> RaftMessage.Append {
    RaftMessage.Append(term: term, leader: leader, prevLogIndex: prevLogIndex, prevLogTerm: prevLogTerm,
                       entries: entries, leaderCommit: leaderCommit)
}

func appendReply(term: Int, success: Bool, matchIndex: Int = 0, conflictIndex: Int = 0,
                 conflictTerm: Int? = nil) -> RaftMessage.AppendReply {
    RaftMessage.AppendReply(term: term, success: success, matchIndex: matchIndex,
                            conflictIndex: conflictIndex, conflictTerm: conflictTerm)
}

// MARK: - Contexts and effects

/// A context for `me` in a cluster of `members`, with fixed clocks and a seeded stream.
func raftContext(_ me: NodeID, members: [NodeID], seed: UInt64 = 1) -> BehaviourContext {
    BehaviourContext(me: me, members: members, wallClock: 1_000_000, monotonicClock: 1_000_000,
                     random: SeededRandom(seed: seed))
}

/// The messages of type `P` sent in `effects`, in order, with their receivers.
func sent<P: Payload>(_ type: P.Type, in effects: [Effect]) -> [(to: NodeID, message: P)] {
    effects.compactMap { effect in
        guard case .send(let to, let payload) = effect, let message = payload as? P else { return nil }
        return (to, message)
    }
}

/// The messages of type `P` sent to `node` in `effects`.
func sent<P: Payload>(_ type: P.Type, to node: NodeID, in effects: [Effect]) -> [P] {
    sent(type, in: effects).filter { $0.to == node }.map(\.message)
}

/// The Raft states persisted in `effects`, in order.
func persisted(in effects: [Effect]) -> [RaftDurableState] {
    effects.compactMap { effect in
        guard case .persist(let state) = effect else { return nil }
        return state as? RaftDurableState
    }
}

func replies(in effects: [Effect]) -> [String] {
    effects.compactMap { effect in
        guard case .reply(let text) = effect else { return nil }
        return text
    }
}

/// The durations with which timer `name` was (re-)armed in `effects`.
func timerSets(_ name: String, in effects: [Effect]) -> [SimDuration] {
    effects.compactMap { effect in
        guard case .setTimer(let timer, let after) = effect, timer == name else { return nil }
        return after
    }
}

func timerCancels(_ name: String, in effects: [Effect]) -> Int {
    effects.filter { effect in
        guard case .cancelTimer(let timer) = effect else { return false }
        return timer == name
    }.count
}

/// The Figure 2 persistence rule, checked after one input: if term, vote or log changed,
/// a `.persist` carries exactly the new durable state, and no message leaves before it.
func expectPersisted(from before: RaftDurableState, to after: RaftDurableState, effects: [Effect],
                     node: NodeID, sourceLocation: SourceLocation = #_sourceLocation) {
    guard before != after else { return }
    let persistPositions = effects.indices.filter { if case .persist = effects[$0] { true } else { false } }
    guard let lastPersist = persistPositions.last else {
        let change = "term \(before.currentTerm)→\(after.currentTerm), "
            + "vote \(String(describing: before.votedFor))→\(String(describing: after.votedFor)), "
            + "log \(before.terms)→\(after.terms)"
        Issue.record("\(node) changed its durable state (\(change)) without a .persist effect",
                     sourceLocation: sourceLocation)
        return
    }
    #expect(persisted(in: [effects[lastPersist]]).first == after,
            "\(node): the last .persist does not carry the behaviour's durable state", sourceLocation: sourceLocation)
    let sendsBefore = effects[..<lastPersist].filter { if case .send = $0 { true } else { false } }
    #expect(sendsBefore.isEmpty, "\(node) sent \(sendsBefore.count) message(s) before persisting its new state",
            sourceLocation: sourceLocation)
}

extension RaftBehaviour {
    /// Handles `input` as node `me` and returns the effects, checking the persistence rule.
    @discardableResult
    mutating func drive(_ input: BehaviourInput, me: NodeID, members: [NodeID], seed: UInt64 = 1,
                        sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        var context = raftContext(me, members: members, seed: seed)
        let before = durable
        handle(input, context: &context)
        expectPersisted(from: before, to: durable, effects: context.effects, node: me, sourceLocation: sourceLocation)
        return context.effects
    }

    /// Delivers `payload` from `sender`.
    @discardableResult
    mutating func receive(_ payload: any Payload, from sender: NodeID, me: NodeID, members: [NodeID],
                          sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        drive(.message(from: sender, payload: payload), me: me, members: members, sourceLocation: sourceLocation)
    }

    /// A server of `members` that has just won the election for `term` with the votes of
    /// the lowest-numbered peers; its log is `terms` plus the no-op it appends on winning.
    static func leader(_ me: NodeID, members: [NodeID], term: Int, terms: [Int]) -> RaftBehaviour {
        var server = RaftBehaviour(durable: RaftDurableState(currentTerm: term - 1, log: raftLog(terms: terms)))
        server.drive(.start, me: me, members: members)
        server.drive(.timer(name: RaftTimer.election), me: me, members: members)
        for voter in members where voter != me && server.role != .leader {
            server.receive(voteReply(term: term, granted: true), from: voter, me: me, members: members)
        }
        return server
    }
}

// MARK: - A tiny network

/// A few `RaftBehaviour`s joined by a network that delivers nothing on its own: a test
/// picks which in-flight message goes next, drops messages, fires timers and crashes
/// servers. Every input is checked against the persistence rule, and what each server
/// persisted is kept as its "disk", from which `restart` rebuilds it.
struct RaftNetwork {
    /// One message in flight or delivered.
    struct Envelope: CustomStringConvertible {
        let from: NodeID
        let to: NodeID
        let payload: any Payload
        var description: String { "\(from)→\(to) \(payload.label)" }

        func `is`<P: Payload>(_ type: P.Type) -> Bool { payload is P }
        func between(_ a: NodeID, _ b: NodeID) -> Bool { (from == a && to == b) || (from == b && to == a) }
    }

    let members: [NodeID]
    private(set) var servers: [NodeID: RaftBehaviour] = [:]
    /// What each server last persisted: its stable storage.
    private(set) var disk: [NodeID: RaftDurableState] = [:]
    private(set) var crashed: Set<NodeID> = []
    /// Messages sent and not yet delivered or dropped, oldest first.
    private(set) var inFlight: [Envelope] = []
    /// Messages delivered, oldest first.
    private(set) var delivered: [Envelope] = []
    /// Every client reply each server gave, in order.
    private(set) var clientReplies: [NodeID: [String]] = [:]
    private var randoms: [NodeID: SeededRandom] = [:]
    private var clock: Int64 = 1_000_000

    /// Servers `n1…n<count>`, each starting from `states[node]` (empty if absent) and
    /// already handed `.start`.
    init(count: Int, states: [NodeID: RaftDurableState] = [:], seed: UInt64 = 1,
         sourceLocation: SourceLocation = #_sourceLocation) {
        members = raftMembers(count)
        for node in members {
            servers[node] = RaftBehaviour(durable: states[node] ?? RaftDurableState())
            disk[node] = states[node] ?? RaftDurableState()
            randoms[node] = SeededRandom(seed: seed &+ UInt64(node.rawValue))
            input(node, .start, sourceLocation: sourceLocation)
        }
    }

    subscript(node: NodeID) -> RaftBehaviour { servers[node]! }

    /// Hands `input` to `node`, queues what it sends and returns all its effects.
    @discardableResult
    mutating func input(_ node: NodeID, _ input: BehaviourInput,
                        sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        guard !crashed.contains(node), var server = servers[node] else { return [] }
        clock += 1_000
        var context = BehaviourContext(me: node, members: members, wallClock: clock, monotonicClock: clock,
                                       random: randoms[node]!)
        let before = server.durable
        server.handle(input, context: &context)
        expectPersisted(from: before, to: server.durable, effects: context.effects, node: node,
                        sourceLocation: sourceLocation)
        servers[node] = server
        randoms[node] = context.random
        for effect in context.effects {
            switch effect {
            case .send(let to, let payload): inFlight.append(Envelope(from: node, to: to, payload: payload))
            case .persist(let state): if let state = state as? RaftDurableState { disk[node] = state }
            case .reply(let text): clientReplies[node, default: []].append(text)
            default: break
            }
        }
        return context.effects
    }

    /// Fires `node`'s election timer.
    @discardableResult
    mutating func timeout(_ node: NodeID, sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        input(node, .timer(name: RaftTimer.election), sourceLocation: sourceLocation)
    }

    /// Fires `node`'s heartbeat timer.
    @discardableResult
    mutating func heartbeat(_ node: NodeID, sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        input(node, .timer(name: RaftTimer.heartbeat), sourceLocation: sourceLocation)
    }

    /// A client asks `node` to do `words` (`["put", "x", "1"]`).
    @discardableResult
    mutating func request(_ node: NodeID, _ words: String...,
                          sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        input(node, .request(ClientRequest(operation: words[0], arguments: Array(words.dropFirst()))),
              sourceLocation: sourceLocation)
    }

    /// Delivers the oldest in-flight message matching `predicate`; nil if there is none.
    /// Messages to a crashed server are lost.
    @discardableResult
    mutating func deliver(where predicate: (Envelope) -> Bool = { _ in true },
                          sourceLocation: SourceLocation = #_sourceLocation) -> Envelope? {
        guard let position = inFlight.firstIndex(where: predicate) else { return nil }
        return deliver(at: position, sourceLocation: sourceLocation)
    }

    /// Delivers the in-flight message at `position` (0 is the oldest).
    @discardableResult
    mutating func deliver(at position: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Envelope {
        let envelope = inFlight.remove(at: position)
        guard !crashed.contains(envelope.to) else { return envelope }
        delivered.append(envelope)
        input(envelope.to, .message(from: envelope.from, payload: envelope.payload), sourceLocation: sourceLocation)
        return envelope
    }

    /// Delivers matching messages, oldest first, until none is left (new ones included);
    /// returns how many were delivered.
    @discardableResult
    mutating func deliverAll(where predicate: (Envelope) -> Bool = { _ in true }, limit: Int = 10_000,
                             sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var count = 0
        while count < limit, deliver(where: predicate, sourceLocation: sourceLocation) != nil { count += 1 }
        #expect(count < limit, "the network did not quiesce", sourceLocation: sourceLocation)
        return count
    }

    /// Removes the in-flight messages matching `predicate` and returns them, oldest first.
    @discardableResult
    mutating func drop(where predicate: (Envelope) -> Bool) -> [Envelope] {
        let dropped = inFlight.filter(predicate)
        inFlight.removeAll(where: predicate)
        return dropped
    }

    /// Loses the in-flight message at `position`.
    mutating func drop(at position: Int) { inFlight.remove(at: position) }

    /// Puts `envelope` back in flight (to replay a stale or duplicated message).
    mutating func resend(_ envelope: Envelope) { inFlight.append(envelope) }

    /// Stops `node`: it loses its volatile state and every message sent to it.
    mutating func crash(_ node: NodeID) {
        crashed.insert(node)
        inFlight.removeAll { $0.to == node }
    }

    /// Rebuilds `node` from its disk, as after a crash, and hands it `.start`.
    @discardableResult
    mutating func restart(_ node: NodeID, sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        crashed.remove(node)
        servers[node] = RaftBehaviour(durable: disk[node] ?? RaftDurableState())
        return input(node, .start, sourceLocation: sourceLocation)
    }

    /// Times `candidate` out and delivers everything until quiet: a complete election.
    mutating func elect(_ candidate: NodeID, sourceLocation: SourceLocation = #_sourceLocation) {
        timeout(candidate, sourceLocation: sourceLocation)
        deliverAll(sourceLocation: sourceLocation)
    }

    /// The servers that believe they lead, with their terms.
    var leaders: [(node: NodeID, term: Int)] {
        members.compactMap { node in
            guard !crashed.contains(node), let server = servers[node], server.role == .leader else { return nil }
            return (node, server.durable.currentTerm)
        }
    }
}
