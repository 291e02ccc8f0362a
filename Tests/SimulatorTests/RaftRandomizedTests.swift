// The randomized Raft safety tests; the harness that drives them is RaftChaosHarness.swift.
import Protocols
import SandboxCore
import Simulator
import Testing

// MARK: - Tests

private let safeSeeds = Array(UInt64(1)...200)
private let extensionSeeds = Array(UInt64(1_001)...1_040)
private let figure8Seeds = Array(UInt64(1)...60)

@Suite("Raft: randomized safety")
struct RaftRandomizedTests {
    @Test("Raft keeps Figure 3's properties and every acknowledged write under random faults", arguments: safeSeeds)
    func safeUnderRandomFaults(seed: UInt64) async throws {
        let outcome = try await RaftChaos(settings: .safe()).run(seed: seed)
        #expect(outcome.violations.isEmpty, "\(outcome)")
        #expect(outcome.problems.isEmpty, "\(outcome)")
    }

    @Test("Raft with PreVote and CheckQuorum stays safe under random faults",
          arguments: [["prevote"], ["checkquorum"], ["prevote", "checkquorum"]], extensionSeeds)
    func extensionsSafeUnderRandomFaults(options: [String], seed: UInt64) async throws {
        let outcome = try await RaftChaos(settings: .safe(options)).run(seed: seed)
        #expect(outcome.violations.isEmpty, "\(options): \(outcome)")
        #expect(outcome.problems.isEmpty, "\(options): \(outcome)")
    }

    @Test("Raft survives the Figure 8 schedule: the old-term entry is never committed, so L2 may overwrite it",
          arguments: [[], ["noop=off"], ["prevote", "checkquorum"]], figure8Seeds)
    func safeUnderFigure8(options: [String], seed: UInt64) async throws {
        let outcome = try await RaftChaos(settings: .safe(options, schedule: .figure8)).run(seed: seed)
        #expect(outcome.violations.isEmpty, "\(options): \(outcome)")
        #expect(outcome.problems.isEmpty, "\(options): \(outcome)")
    }

    @Test("the random schedule has teeth: clients get answers, and every kind of fault happens")
    func harnessExercisesTheCluster() async throws {
        var acknowledged = 0, answered = 0
        var faults: [String: Int] = [:]
        for seed in safeSeeds.prefix(10) {
            let outcome = try await RaftChaos(settings: .safe()).run(seed: seed)
            acknowledged += outcome.acknowledged
            answered += outcome.answered
            for line in outcome.schedule {
                faults[String(line.split(separator: " ")[1]), default: 0] += 1
            }
        }
        #expect(acknowledged > 100)
        #expect(answered - acknowledged > 50, "refused: \(answered - acknowledged)")
        for kind in ["crash", "restart", "partition", "heal", "isolate", "pause", "loss", "dup"] {
            #expect(faults[kind, default: 0] >= 3, "\(kind): \(faults[kind, default: 0]) in 10 seeds")
        }
    }

    @Test("unsafe=no-log-check is caught under random faults")
    func noLogCheckIsCaught() async throws {
        let chaos = RaftChaos(settings: .aggressive(["unsafe=no-log-check"]))
        var found: ChaosOutcome?
        for seed in UInt64(1)...300 where found == nil {
            let outcome = try await chaos.run(seed: seed)
            if !outcome.violations.isEmpty { found = outcome }
        }
        #expect(found != nil, "no seed in 1...300 broke a safety property with unsafe=no-log-check")
    }

    @Test("unsafe=commit-old-terms with noop=off is caught under the Figure 8 schedule")
    func commitOldTermsIsCaught() async throws {
        let chaos = RaftChaos(settings: .aggressive(["unsafe=commit-old-terms", "noop=off"], schedule: .figure8))
        var found: ChaosOutcome?
        for seed in UInt64(1)...300 where found == nil {
            let outcome = try await chaos.run(seed: seed)
            if !outcome.violations.isEmpty { found = outcome }
        }
        #expect(found != nil, "no seed in 1...300 broke a safety property with unsafe=commit-old-terms")
        #expect(found?.violations.first?.invariant == "Leader Completeness", "\(found.map(\.description) ?? "")")
    }
}
