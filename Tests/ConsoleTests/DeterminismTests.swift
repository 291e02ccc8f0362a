import Console
import Foundation
import Testing

/// Same script and seed give the same transcript; other seeds give other runs.
@Suite struct DeterminismTests {
    /// The tour uses jitter, loss and duplication, so the seed reaches its output.
    static let randomisedScript = """
        spawn 4 echo
        net latency 1ms..40ms
        net loss 15%
        net dup 10%
        send n1 n2
        send n1 n3
        send n2 n4
        send n3 n1
        send n4 n2
        run 200ms
        show trace
        """

    @Test func sameSeedSameTranscriptOverManySeeds() async throws {
        let directory = FileManager.default.temporaryDirectory
        for seed in UInt64(0)..<40 {
            let first = await SessionFixtures.transcript(of: Self.randomisedScript, file: "r.dsb", in: directory, seed: seed)
            let second = await SessionFixtures.transcript(of: Self.randomisedScript, file: "r.dsb", in: directory, seed: seed)
            #expect(first.failure == nil)
            #expect(first.output == second.output, "seed \(seed)")
        }
    }

    @Test func differentSeedsGiveDifferentRuns() async throws {
        let directory = FileManager.default.temporaryDirectory
        var transcripts = Set<String>()
        for seed in UInt64(0)..<20 {
            transcripts.insert(await SessionFixtures.transcript(of: Self.randomisedScript, file: "r.dsb", in: directory, seed: seed).output)
        }
        // Five messages with 39 possible delays each, loss and duplication: a collision
        // between two seeds is possible but all twenty agreeing would be a bug.
        #expect(transcripts.count >= 18)
    }

    @Test func tourIsDeterministicUnderOtherSeeds() async throws {
        let scratch = try SessionFixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let text = try SessionFixtures.read(scratch.appendingPathComponent("tour.dsb"))
        var outputs = Set<String>()
        for seed: UInt64 in [7, 99, 12345] {
            let first = await SessionFixtures.transcript(of: text, file: "tour.dsb", in: scratch, seed: seed)
            let second = await SessionFixtures.transcript(of: text, file: "tour.dsb", in: scratch, seed: seed)
            #expect(first.failure == nil, "\(first.failure?.rendered ?? "")")
            #expect(first.output == second.output)
            outputs.insert(first.output)
        }
        #expect(outputs.count == 3)
    }
}
