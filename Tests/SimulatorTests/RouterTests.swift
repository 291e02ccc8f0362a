import SandboxCore
import Simulator
import Testing

/// The router decides whether, when and how often each message arrives.
@Suite("Router")
struct RouterTests {
    private let nodes = (1...6).map(n)

    private func reachable(_ router: Router) -> Set<DirectedLink> {
        var links = Set<DirectedLink>()
        for a in nodes { for b in nodes where a != b && router.blockage(from: a, to: b) == nil { links.insert(DirectedLink(a, b)) } }
        return links
    }

    @Test("a fresh router connects everyone with 1 ms, no loss, no duplication")
    func standard() {
        let router = Router()
        #expect(reachable(router).count == 30)
        #expect(router.rule(from: n(1), to: n(2)) == LinkRule(latency: .fixed(.milliseconds(1))))
        #expect(!router.hasConnectivityFaults)
        var random = SeededRandom(seed: 1)
        #expect(router.route(from: n(1), to: n(2), random: &random) == .deliver(delay: .milliseconds(1), duplicateDelay: nil))
    }

    @Test("a partition blocks across groups and not within; unnamed nodes form their own group")
    func partition() {
        var router = Router()
        router.partition([[n(1), n(2)], [n(3)]])
        #expect(router.hasConnectivityFaults)
        // Within groups.
        #expect(router.blockage(from: n(1), to: n(2)) == nil)
        #expect(router.blockage(from: n(2), to: n(1)) == nil)
        // n4, n5, n6 were not named: together they are a third group.
        #expect(router.blockage(from: n(4), to: n(5)) == nil)
        #expect(router.blockage(from: n(6), to: n(4)) == nil)
        // Across groups, both ways.
        for (a, b) in [(1, 3), (3, 1), (2, 3), (1, 4), (4, 1), (3, 6), (6, 3)] {
            #expect(router.blockage(from: n(a), to: n(b)) == .partitioned, "n\(a) -> n\(b)")
        }
        // 2·1 + 0 + 3·2 links inside groups.
        #expect(reachable(router).count == 2 + 6)
        #expect(router.partition(of: nodes) == [[n(1), n(2)], [n(3)], [n(4), n(5), n(6)]])
    }

    @Test("a partition that names everyone has no extra group")
    func partitionNamingAll() {
        var router = Router()
        router.partition([[n(3), n(1)], [n(2)]])
        #expect(router.partition(of: [n(1), n(2), n(3)]) == [[n(1), n(3)], [n(2)]])
        #expect(router.blockage(from: n(1), to: n(3)) == nil)
    }

    @Test("isolate cuts one node off both ways and nobody else")
    func isolate() {
        var router = Router()
        router.isolate(n(2))
        for other in nodes where other != n(2) {
            #expect(router.blockage(from: n(2), to: other) == .isolated)
            #expect(router.blockage(from: other, to: n(2)) == .isolated)
        }
        #expect(reachable(router).count == 5 * 4)
    }

    @Test("a one-way cut blocks one direction only")
    func oneWayCut() {
        var router = Router()
        router.cut(DirectedLink(n(1), n(2)))
        #expect(router.blockage(from: n(1), to: n(2)) == .cut)
        #expect(router.blockage(from: n(2), to: n(1)) == nil)
        #expect(reachable(router).count == 29)
    }

    @Test("heal restores every link but keeps link rules")
    func heal() {
        var router = Router()
        router.partition([[n(1)], [n(2)]])
        router.isolate(n(5))
        router.cut(DirectedLink(n(3), n(4)))
        router.override(DirectedLink(n(1), n(2)), with: LinkOverride(latency: .fixed(.milliseconds(9))))
        router.heal()
        #expect(reachable(router).count == 30)
        #expect(!router.hasConnectivityFaults)
        #expect(router.partition(of: nodes) == [])
        #expect(router.rule(from: n(1), to: n(2)).latency == .fixed(.milliseconds(9)))
    }

    @Test("a blocked message consumes no randomness")
    func blockedDrawsNothing() {
        var router = Router()
        router.defaultRule = LinkRule(latency: .uniform(.milliseconds(1), .milliseconds(9)),
                                      loss: percent(50), duplication: percent(50))
        router.partition([[n(1)], [n(2)]])
        var random = SeededRandom(seed: 4)
        var reference = SeededRandom(seed: 4)
        #expect(router.route(from: n(1), to: n(2), random: &random) == .drop(.partitioned))
        #expect(random.next() == reference.next())
    }

    @Test("a node can always reach itself")
    func selfSend() {
        var router = Router()
        router.isolate(n(1))
        var random = SeededRandom(seed: 1)
        #expect(router.route(from: n(1), to: n(1), random: &random) == .deliver(delay: .milliseconds(1), duplicateDelay: nil))
    }

    @Test("an override replaces only the fields it sets, on its direction only")
    func overrides() {
        var router = Router()
        router.defaultRule = LinkRule(latency: .fixed(.milliseconds(2)), loss: percent(5))
        router.override(DirectedLink(n(1), n(2)), with: LinkOverride(latency: .fixed(.milliseconds(40))))
        router.override(DirectedLink(n(1), n(2)), with: LinkOverride(duplication: percent(20)))
        #expect(router.rule(from: n(1), to: n(2)) ==
                LinkRule(latency: .fixed(.milliseconds(40)), loss: percent(5), duplication: percent(20)))
        #expect(router.rule(from: n(2), to: n(1)) == router.defaultRule)
        router.clearOverride(DirectedLink(n(1), n(2)))
        #expect(router.rule(from: n(1), to: n(2)) == router.defaultRule)
    }

    @Test("uniform latency stays within its range and reaches both ends")
    func uniformRange() {
        let model = LatencyModel.uniform(.microseconds(1_000), .microseconds(1_004))
        var random = SeededRandom(seed: 9)
        var seen = Set<Int64>()
        for _ in 0..<2_000 {
            let delay = model.sample(using: &random).microseconds
            #expect((1_000...1_004).contains(delay))
            seen.insert(delay)
        }
        #expect(seen == [1_000, 1_001, 1_002, 1_003, 1_004])
    }

    @Test("Pareto samples lie in [minimum, 1000 × minimum]", arguments: [0.1, 0.5, 1.0, 1.5, 3.0])
    func paretoRange(alpha: Double) {
        let minimum: Int64 = 2_000
        let model = LatencyModel.pareto(minimum: .microseconds(minimum), alpha: alpha)
        var random = SeededRandom(seed: 10)
        for _ in 0..<20_000 {
            let delay = model.sample(using: &random).microseconds
            #expect(delay >= minimum && delay <= 1_000 * minimum)
        }
    }

    /// Pareto(x_m, α): P(X > x) = (x_m / x)^α. With α = 1 half the samples exceed 2·x_m;
    /// with α = 0.1, P(X > 1000·x_m) = 1000^−0.1 ≈ 0.501, all of which are capped.
    @Test("Pareto has the right tail and is capped at 1000 × minimum")
    func paretoShape() {
        let minimum: Int64 = 1_000
        var random = SeededRandom(seed: 11)
        let one = LatencyModel.pareto(minimum: .microseconds(minimum), alpha: 1)
        var aboveTwice = 0
        for _ in 0..<20_000 where one.sample(using: &random).microseconds > 2 * minimum { aboveTwice += 1 }
        #expect(abs(aboveTwice - 10_000) < 500)  // σ ≈ 71

        let heavy = LatencyModel.pareto(minimum: .microseconds(minimum), alpha: 0.1)
        var capped = 0
        for _ in 0..<20_000 where heavy.sample(using: &random).microseconds == 1_000 * minimum { capped += 1 }
        #expect(abs(capped - 10_024) < 500)
    }

    @Test("latency and probabilities describe themselves as commands write them")
    func descriptions() {
        #expect(LatencyModel.fixed(.milliseconds(5)).description == "5ms")
        #expect(LatencyModel.uniform(.milliseconds(1), .milliseconds(20)).description == "1ms..20ms")
        #expect(LatencyModel.pareto(minimum: .milliseconds(2), alpha: 1.5).description == "pareto 2ms 1.5")
        #expect(LatencyModel.pareto(minimum: .milliseconds(2), alpha: 2).description == "pareto 2ms 2")
        #expect(percent(10).description == "10%")
        #expect(Probability(partsPerMillion: 25_000).description == "2.5%")
        #expect(Probability(partsPerMillion: 100).description == "0.01%")
        #expect(Probability(partsPerMillion: 123_456).description == "12.3456%")
        #expect(Probability(partsPerMillion: 5_000_000) == percent(100))
        #expect(Probability(partsPerMillion: -3) == .zero)
    }
}
