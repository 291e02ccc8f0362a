// Randomized safety tests for Raft in the simulator, in the spirit of Jepsen and of
// etcd-io/raft's randomized tests. For each seed, a cluster of 3–7 servers runs for a few
// seconds of virtual time under random partitions, isolations, crashes and restarts,
// pauses, message loss and duplication, with client writes at random servers, while
// `RaftSafetyChecker` checks Figure 3 of the paper after every event. At the end the
// network heals and every server comes back; once the cluster has settled, every write a
// client saw acknowledged must be in the leader's committed log and in every server's
// store, and every write a client saw refused must be in none.
//
// The same harness must catch Raft with its rules switched off. `unsafe=no-log-check` is
// found by the random faults at once. `unsafe=commit-old-terms` (with `noop=off`) needs
// the shape of Figure 8 (two uncommitted entries of different terms at one index, then
// the older one counted onto a majority, then the newer one's owner elected), which
// random faults did not produce in 300 aggressive seeds; `Schedule.figure8` builds that
// shape with random cluster sizes, groups and timings.
//
// Everything is seeded: `RaftChaos(settings:).run(seed:)` replays a seed exactly.
import ProtocolKit
import Protocols
import SandboxCore
import Simulator
import Testing

// MARK: - Settings and outcome

/// How one randomized run is driven.
struct ChaosSettings: Sendable {
    /// Which faults: random ones, or Figure 8's shape with random details.
    enum Schedule: Sendable { case random, figure8 }

    var schedule = Schedule.random
    /// Options as written after `spawn N raft`.
    var options: [String] = []
    /// Each step draws one fault from 0..<100; this many are crashes.
    var crashPercent: UInt64 = 5
    /// Percent of crashes aimed at the current leader (when there is one).
    var leaderCrashBias: UInt64 = 30
    /// Percent of the time a crash may leave fewer than a majority of servers running.
    var minorityCrashPercent: UInt64 = 10
    /// Virtual time of the faulty phase, drawn per seed.
    var faultyMilliseconds: ClosedRange<Int64> = 3_000...5_000
    /// One step: a fault, some client load, then this much virtual time.
    var stepMilliseconds: Int64 = 50
    /// Quiet time after everything is healed, before the final checks.
    var settleMilliseconds: Int64 = 2_000
    /// Whether to check convergence and acknowledged writes at the end. It needs the
    /// no-op on election, without which a new leader commits nothing until a new write.
    var checkWrites = true

    static func safe(_ options: [String] = [], schedule: Schedule = .random) -> ChaosSettings {
        ChaosSettings(schedule: schedule, options: options, checkWrites: !options.contains("noop=off"))
    }

    /// Leaders crash often, sometimes taking the majority down with them, so that logs
    /// diverge across terms. No final checks: these runs hunt for checker violations.
    static func aggressive(_ options: [String], schedule: Schedule = .random) -> ChaosSettings {
        ChaosSettings(schedule: schedule, options: options, crashPercent: 12, leaderCrashBias: 75,
                      minorityCrashPercent: 30, checkWrites: false)
    }
}

/// What one run found.
struct ChaosOutcome: Sendable, CustomStringConvertible {
    let seed: UInt64
    let nodes: Int
    /// Invariants the safety checker found broken (a run stops at the first).
    var violations: [InvariantViolation] = []
    /// Acknowledged writes missing, refused writes applied, or a cluster that never settled.
    var problems: [String] = []
    var requested = 0
    /// Puts answered (acknowledged or refused), and acknowledged.
    var answered = 0
    var acknowledged = 0
    /// The faults, in order, for reading a failure.
    var schedule: [String] = []

    mutating func count(_ replies: [PutReply]) {
        answered = replies.count
        acknowledged = replies.filter(\.isAcknowledged).count
    }

    var description: String {
        var text = "seed \(seed), \(nodes) servers, \(requested) puts, \(answered) answered, \(acknowledged) acknowledged"
        if !violations.isEmpty { text += "\n  violations:\n    " + violations.map(\.description).joined(separator: "\n    ") }
        if !problems.isEmpty { text += "\n  problems:\n    " + problems.joined(separator: "\n    ") }
        if !violations.isEmpty || !problems.isEmpty { text += "\n  schedule: " + schedule.joined(separator: "; ") }
        return text
    }
}

/// A client's put and the answer it got, read from the trace.
struct PutReply {
    enum Result { case ok(index: Int, term: Int), refused }
    let node: NodeID
    let key: String
    let value: String
    let result: Result

    /// `request` is `put K V`; `answer` is `ok (index I, term T)` or anything else (a
    /// redirect, "lost, …"), which is a refusal.
    init?(node: NodeID, request: Substring, answer: Substring) {
        let words = request.split(separator: " ")
        guard words.count == 3, words[0] == "put" else { return nil }
        self.node = node
        key = String(words[1])
        value = String(words[2])
        if answer.hasPrefix("ok (index "), answer.hasSuffix(")") {
            let numbers = answer.dropFirst("ok (index ".count).dropLast().split(separator: ",")
            guard numbers.count == 2, let index = Int(numbers[0]),
                  let term = Int(numbers[1].trimmingPrefix(" term ")) else { return nil }
            result = .ok(index: index, term: term)
        } else {
            result = .refused
        }
    }

    /// The answers to puts in `events`: replies that name their put (`put K V: ok (…)`,
    /// `put K V: lost, …`), and redirects, which answer the request just before them.
    static func all(in events: [TraceEvent]) -> [PutReply] {
        var replies: [PutReply] = []
        var previous: TraceEvent?
        for event in events {
            defer { previous = event }
            guard event.kind == .reply, let node = event.node else { continue }
            if event.label.hasPrefix("put "), let colon = event.label.firstRange(of: ": ") {
                if let reply = PutReply(node: node, request: event.label[..<colon.lowerBound],
                                        answer: event.label[colon.upperBound...]) {
                    replies.append(reply)
                }
            } else if let request = previous, request.kind == .request, request.node == node,
                      let reply = PutReply(node: node, request: request.label[...], answer: event.label[...]) {
                replies.append(reply)
            }
        }
        return replies
    }

    var isAcknowledged: Bool { if case .ok = result { true } else { false } }
}

// MARK: - The harness

/// Drives one seeded run of a Raft cluster in the simulator and reports what broke.
struct RaftChaos {
    let settings: ChaosSettings

    func run(seed: UInt64) async throws -> ChaosOutcome {
        var random = SeededRandom(seed: seed, stream: .auxiliary(settings.schedule == .random ? 0x5AF7 : 0xF18))
        let nodes = (1...(3 + Int(random.below(5)))).map(NodeID.init)
        var outcome = ChaosOutcome(seed: seed, nodes: nodes.count)

        let entry = try #require(ProtocolRegistry.standard.descriptor(named: "raft"))
        let simulation = Simulation(seed: seed)
        try await simulation.spawn(nodes, kind: "raft", factory: entry.factory(options: settings.options))
        await simulation.addMonitor(RaftSafetyChecker(), named: "raft")
        await simulation.setLatency(.uniform(.milliseconds(1), .milliseconds(20)))
        let cluster = ChaosCluster(simulation: simulation, nodes: nodes, step: settings.stepMilliseconds)

        switch settings.schedule {
        case .random: try await randomFaults(cluster, random: &random, outcome: &outcome)
        case .figure8: try await figure8(cluster, random: &random, outcome: &outcome)
        }
        try await settle(cluster, outcome: &outcome)
        return outcome
    }

    // MARK: Random faults

    /// Steps of `stepMilliseconds`: at most one fault, up to two puts, then time passes.
    private func randomFaults(_ cluster: ChaosCluster, random: inout SeededRandom, outcome: inout ChaosOutcome) async throws {
        let simulation = cluster.simulation, nodes = cluster.nodes
        let majority = nodes.count / 2 + 1
        var isolated: Set<NodeID> = []
        let steps = random.inRange(settings.faultyMilliseconds) / settings.stepMilliseconds
        for step in 0..<steps {
            let at = "\(step * settings.stepMilliseconds)ms"
            let reports = await simulation.nodeReports()
            let status = reports.map(\.status)  // nodes are n1…nN, in order
            let up = nodes.filter { status[$0.rawValue - 1] == .up }
            let crashed = nodes.filter { status[$0.rawValue - 1] == .crashed }
            let leader = Self.leader(in: reports)
            func describe(_ node: NodeID) -> String { node == leader ? "\(node) (leader)" : "\(node)" }

            var roll = random.below(100)
            if roll < settings.crashPercent {
                let running = nodes.count - crashed.count
                if running - 1 >= majority || random.below(100) < settings.minorityCrashPercent {
                    let aimed = random.below(100) < settings.leaderCrashBias ? leader : nil
                    if let victim = aimed ?? Self.pick(nodes.filter { !crashed.contains($0) }, using: &random) {
                        try await simulation.crash(victim)
                        outcome.schedule.append("\(at) crash \(describe(victim))")
                    }
                }
            } else {
                roll -= settings.crashPercent
                switch roll {
                case 0..<5:
                    let shuffled = Self.shuffled(nodes, using: &random)
                    let cut = 1 + Int(random.below(UInt64(nodes.count - 1)))
                    let groups = [Array(shuffled[..<cut]).sorted(), Array(shuffled[cut...]).sorted()]
                    try await simulation.partition(groups)
                    outcome.schedule.append("\(at) partition \(groups)")
                case 5..<9:
                    await simulation.heal()
                    isolated = []
                    outcome.schedule.append("\(at) heal")
                case 9..<12:
                    if let node = Self.pick(nodes.filter { !isolated.contains($0) }, using: &random) {
                        try await simulation.isolate(node)
                        isolated.insert(node)
                        outcome.schedule.append("\(at) isolate \(describe(node))")
                    }
                case 12..<19:
                    if let node = Self.pick(crashed, using: &random) {
                        try await simulation.restart(node)
                        outcome.schedule.append("\(at) restart \(node)")
                    }
                case 19..<23:
                    if let node = Self.pick(up, using: &random) {
                        let pause = random.inRange(20...800)
                        try await simulation.pause(node, for: .milliseconds(pause))
                        outcome.schedule.append("\(at) pause \(describe(node)) \(pause)ms")
                    }
                case 23..<25:
                    let loss = Probability(partsPerMillion: Int(random.below(10_001)) * 10)  // 0–10%
                    await simulation.setLoss(loss)
                    outcome.schedule.append("\(at) loss \(loss)")
                case 25..<27:
                    let duplication = Probability(partsPerMillion: Int(random.below(5_001)) * 10)  // 0–5%
                    await simulation.setDuplication(duplication)
                    outcome.schedule.append("\(at) dup \(duplication)")
                default:
                    break
                }
            }

            // Client load, with unique keys: mostly at the leader, otherwise at any running
            // server (a follower answers with a redirect).
            for _ in 0..<random.below(3) {
                let running = await simulation.nodeReports().filter { $0.status == .up }.map(\.id)
                let atLeader = random.below(100) < 60 ? leader.flatMap { running.contains($0) ? $0 : nil } : nil
                guard let node = atLeader ?? Self.pick(running, using: &random) else { break }
                try await cluster.put(at: node, outcome: &outcome)
            }
            guard await cluster.advance(settings.stepMilliseconds) else { return }
        }
    }

    // MARK: Figure 8

    /// Figure 8 of the paper as a fault schedule, with a random cluster size, random
    /// groups and random waits:
    ///
    /// 1. A leader L1 (term t1) is elected and commits a few writes.
    /// 2. L1 and fewer than a majority of followers (group A) are cut off from the rest
    ///    (group B, a majority); L1 takes a write, entry e1 at index i, which only A gets.
    /// 3. B elects L2 (term t2 > t1). L2 is isolated, takes a write (entry e2, also at
    ///    index i, only on L2) and crashes.
    /// 4. The network heals except around L2, which restarts alone and keeps timing out,
    ///    so its term climbs. The others elect a server of A (only A holds index i), which
    ///    copies e1 to a majority. Safe Raft does not commit e1 (it is of term t1, not the
    ///    leader's); `unsafe=commit-old-terms` does.
    /// 5. L2 returns with the highest term and a last entry of term t2 > t1, so everyone
    ///    votes for it (with `noop=off` and no new writes, nothing newer than e1 landed):
    ///    a leader without the committed e1, which breaks Leader Completeness.
    ///
    /// In safe Raft the same schedule ends with L2 overwriting the uncommitted e1.
    private func figure8(_ cluster: ChaosCluster, random: inout SeededRandom, outcome: inout ChaosOutcome) async throws {
        let simulation = cluster.simulation, nodes = cluster.nodes
        let majority = nodes.count / 2 + 1

        // 1. A first leader, and a few committed writes.
        guard let first = await cluster.leader(among: nodes, above: 0) else { return }
        for _ in 0..<random.below(4) { try await cluster.put(at: first.node, outcome: &outcome) }
        guard await cluster.advance(random.inRange(200...400)) else { return }

        // 2. The first leader and a minority take an entry nobody else sees. B keeps a
        //    majority, so |A| ≤ count − majority.
        let others = Self.shuffled(nodes.filter { $0 != first.node }, using: &random)
        let groupA = ([first.node] + others.prefix(Int(random.below(UInt64(nodes.count - majority))))).sorted()
        let groupB = nodes.filter { !groupA.contains($0) }
        try await simulation.partition([groupA, groupB])
        try await cluster.put(at: first.node, outcome: &outcome)
        outcome.schedule.append("L1 = \(first.node) (term \(first.term)), partition \(groupA) | \(groupB), put at L1")
        guard await cluster.advance(random.inRange(30...100)) else { return }

        // 3. B elects L2, which takes an entry of its own term alone, and crashes.
        guard let second = await cluster.leader(among: groupB, above: first.term) else { return }
        try await simulation.isolate(second.node)
        try await cluster.put(at: second.node, outcome: &outcome)
        guard await cluster.advance(random.inRange(5...50)) else { return }
        try await simulation.crash(second.node)
        outcome.schedule.append("L2 = \(second.node) (term \(second.term)) isolated, put at L2, crash L2")

        // 4. Everyone but L2 reunites and elects a server of A; L2 restarts alone.
        await simulation.heal()
        try await simulation.isolate(second.node)
        try await simulation.restart(second.node)
        let alone = random.inRange(600...1_500)
        outcome.schedule.append("heal all but L2, restart L2 alone for \(alone)ms")
        guard await cluster.advance(alone) else { return }

        // 5. L2 returns (the settling phase heals the network).
        outcome.schedule.append("heal")
    }

    // MARK: The end

    /// Heals the network, restarts and resumes every server, stops loss and duplication,
    /// lets the cluster settle, then checks the writes clients saw answered.
    private func settle(_ cluster: ChaosCluster, outcome: inout ChaosOutcome) async throws {
        let simulation = cluster.simulation
        let replies = { PutReply.all(in: await simulation.events(after: nil)) }
        guard await simulation.violations.isEmpty else {
            outcome.violations = await simulation.violations
            outcome.count(await replies())
            return
        }
        await simulation.heal()
        await simulation.setLoss(.zero)
        await simulation.setDuplication(.zero)
        for report in await simulation.nodeReports() {
            switch report.status {
            case .crashed: try await simulation.restart(report.id)
            case .paused: try await simulation.resume(report.id)
            case .up: break
            }
        }
        outcome.schedule.append("end: heal, restart and resume all, no loss or duplication")
        if await cluster.advance(settings.settleMilliseconds), settings.checkWrites {
            var settled = await cluster.settled()
            for _ in 0..<20 where settled == nil {
                guard await cluster.advance(100) else { break }
                settled = await cluster.settled()
            }
            if await simulation.violations.isEmpty {
                if let settled {
                    outcome.problems += Self.checkWrites(await replies(), leader: settled.leader, servers: settled.servers)
                } else {
                    outcome.problems.append("the cluster did not settle within \(settings.settleMilliseconds + 2_000)ms of healing")
                }
            }
        }
        outcome.violations = await simulation.violations
        outcome.count(await replies())
    }

    /// Every acknowledged put is committed in the leader's log where its reply said and
    /// applied everywhere; a refused put is applied nowhere. (Keys are unique, so no put
    /// overwrites another.)
    static func checkWrites(_ replies: [PutReply], leader: RaftBehaviour, servers: [(NodeID, RaftBehaviour)]) -> [String] {
        var problems: [String] = []
        let log = leader.durable.log, committed = min(leader.commitIndex, leader.durable.lastIndex)
        for reply in replies {
            let put = "put \(reply.key) \(reply.value)"
            switch reply.result {
            case .ok(let index, let term):
                let expected = RaftEntry(term: term, command: .put(key: reply.key, value: reply.value))
                if index < 1 || index > committed {
                    problems.append("\(put) was acknowledged by \(reply.node) at index \(index), term \(term), "
                        + "but the leader has committed only \(committed) entries")
                } else if log[index - 1] != expected {
                    let found = log[index - 1]
                    problems.append("\(put) was acknowledged by \(reply.node) at index \(index), term \(term), "
                        + "but the leader has committed \(found.command) (term \(found.term)) there")
                }
                for (node, server) in servers where server.store[reply.key] != reply.value {
                    problems.append("\(put) was acknowledged, but \(node) has \(reply.key) = \(server.store[reply.key] ?? "unset")")
                }
            case .refused:
                for (node, server) in servers where server.store[reply.key] != nil {
                    problems.append("\(put) was refused by \(reply.node), but \(node) applied it")
                }
            }
        }
        return problems
    }

    // MARK: Helpers

    /// The running leader with the highest term, if any.
    static func leader(in reports: [NodeReport]) -> NodeID? {
        reports.compactMap { report -> (node: NodeID, term: Int)? in
            guard report.status == .up, let raft = report.behaviour as? RaftBehaviour, raft.role == .leader else { return nil }
            return (report.id, raft.durable.currentTerm)
        }.max { $0.term < $1.term }?.node
    }

    static func pick(_ among: [NodeID], using random: inout SeededRandom) -> NodeID? {
        among.isEmpty ? nil : among[Int(random.below(UInt64(among.count)))]
    }

    /// A Fisher–Yates shuffle with the seeded stream (the standard library's may change).
    static func shuffled(_ nodes: [NodeID], using random: inout SeededRandom) -> [NodeID] {
        var result = nodes
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, Int(random.below(UInt64(index + 1))))
        }
        return result
    }
}

/// The simulation of one run, with the moves both schedules use.
struct ChaosCluster {
    let simulation: Simulation
    let nodes: [NodeID]
    let step: Int64

    /// A put of a fresh key at `node`.
    func put(at node: NodeID, outcome: inout ChaosOutcome) async throws {
        outcome.requested += 1
        let key = "k\(outcome.requested)"
        try await simulation.request(ClientRequest(operation: "put", arguments: [key, "v\(outcome.requested)"]), at: node)
    }

    /// Runs `milliseconds` of virtual time in steps; false once a safety property broke
    /// (the simulation stops at a violation).
    func advance(_ milliseconds: Int64) async -> Bool {
        var left = milliseconds
        while left > 0 {
            _ = await simulation.run(for: .milliseconds(min(left, step)))
            left -= step
            if await !simulation.violations.isEmpty { return false }
        }
        return true
    }

    /// Runs until a running server of `group` leads a term above `term` (at most 3 s).
    func leader(among group: [NodeID], above term: Int) async -> (node: NodeID, term: Int)? {
        for _ in 0..<60 {
            for report in await simulation.nodeReports() where group.contains(report.id) && report.status == .up {
                if let raft = report.behaviour as? RaftBehaviour, raft.role == .leader, raft.durable.currentTerm > term {
                    return (report.id, raft.durable.currentTerm)
                }
            }
            guard await advance(50) else { return nil }
        }
        return nil
    }

    /// The servers once the cluster has settled: all running, one leader of the highest
    /// term whose whole log is committed, and every server with that commit index applied.
    func settled() async -> (leader: RaftBehaviour, servers: [(NodeID, RaftBehaviour)])? {
        var servers: [(NodeID, RaftBehaviour)] = []
        for report in await simulation.nodeReports() {
            guard report.status == .up, let raft = report.behaviour as? RaftBehaviour else { return nil }
            servers.append((report.id, raft))
        }
        let leaders = servers.map(\.1).filter { $0.role == .leader }
        guard leaders.count == 1, let leader = leaders.first,
              leader.durable.currentTerm == servers.map(\.1.durable.currentTerm).max(),
              leader.commitIndex == leader.durable.lastIndex,
              servers.allSatisfy({ $0.1.commitIndex == leader.commitIndex && $0.1.lastApplied == leader.commitIndex })
        else { return nil }
        return (leader, servers)
    }
}
