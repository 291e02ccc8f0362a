import SandboxCore
import Testing

/// Known answers come from the published algorithms (Steele, Lea & Flood 2014 for
/// SplitMix64; Blackman & Vigna's xoshiro256** reference code), not from this code.
@Suite("SeededRandom")
struct SeededRandomTests {
    @Test("SplitMix64 with state 0 gives the reference outputs")
    func splitMixKnownAnswer() {
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mixer.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(mixer.next() == 0x06C4_5D18_8009_454F)
        #expect(mixer.next() == 0xF88B_B8A8_724C_81EC)
        #expect(mixer.next() == 0x1B39_896A_51A8_749B)
        // next() advances the state by the golden gamma each time.
        #expect(mixer.state == 5 &* 0x9E37_79B9_7F4A_7C15)
    }

    @Test("mix is SplitMix64's output function")
    func mixIsTheFinaliser() {
        // next() is mix(state + gamma): the first output of state 0 is mix(gamma).
        #expect(SplitMix64.mix(0x9E37_79B9_7F4A_7C15) == 0xE220_A839_7B1D_CDAF)
        #expect(SplitMix64.mix(0) == 0)
    }

    /// xoshiro256** seeded with four SplitMix64(seed) outputs, computed with the reference
    /// algorithm (checked against the reference vector: state {1,2,3,4} gives 11520, 0,
    /// 1509978240, 1215971899390074240).
    @Test("xoshiro256** seeded through SplitMix64 gives the reference outputs")
    func xoshiroKnownAnswer() {
        var zero = SeededRandom(seed: 0)
        #expect(zero.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(zero.next() == 0xBF6E_1F78_4956_452A)
        #expect(zero.next() == 0x1A5F_849D_4933_E6E0)
        #expect(zero.next() == 0x6AA5_94F1_262D_2D2C)
        var answer = SeededRandom(seed: 42)
        #expect(answer.next() == 0x1578_0B2E_0C2E_C716)
        #expect(answer.next() == 0x6104_D986_6D11_3A7E)
        #expect(answer.next() == 0xAE17_5332_39E4_99A1)
        #expect(answer.next() == 0xECB8_AD47_03B3_60A1)
    }

    @Test("the same seed gives the same sequence")
    func reproducible() {
        var a = SeededRandom(seed: 12345), b = SeededRandom(seed: 12345)
        for _ in 0..<1_000 { #expect(a.next() == b.next()) }
        var c = SeededRandom(seed: 9, stream: .network(from: NodeID(3)))
        var d = SeededRandom(seed: 9, stream: .network(from: NodeID(3)))
        for _ in 0..<100 { #expect(c.next() == d.next()) }
    }

    @Test("below() stays in range and hits every value", arguments: [UInt64(1), 2, 3, 7, 10, 1_000_000])
    func belowInRange(bound: UInt64) {
        var random = SeededRandom(seed: bound)
        var seen = Set<UInt64>()
        for _ in 0..<5_000 {
            let value = random.below(bound)
            #expect(value < bound)
            seen.insert(value)
        }
        if bound <= 10 { #expect(seen.count == Int(bound)) }
    }

    @Test("below() works for bounds near 2^64")
    func belowHugeBound() {
        var random = SeededRandom(seed: 3)
        let bound = UInt64.max - 5
        for _ in 0..<1_000 { #expect(random.below(bound) < bound) }
        let half = UInt64(1) << 63 + 1
        for _ in 0..<1_000 { #expect(random.below(half) < half) }
    }

    /// 60,000 draws over 6 values: each count ~ 10,000 with σ ≈ 91; 600 is > 6σ.
    @Test("below() is close to uniform")
    func belowUniform() {
        var random = SeededRandom(seed: 2024)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[Int(random.below(6))] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 600) }
    }

    @Test("inRange() covers closed ranges, single points and the whole Int64 range")
    func inRange() {
        var random = SeededRandom(seed: 5)
        var seen = Set<Int64>()
        for _ in 0..<2_000 {
            let value = random.inRange(-3...3)
            #expect((-3...3).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
        for _ in 0..<10 { #expect(random.inRange(42...42) == 42) }
        var negatives = 0
        for _ in 0..<1_000 where random.inRange(Int64.min...Int64.max) < 0 { negatives += 1 }
        #expect(negatives > 400 && negatives < 600)
        for _ in 0..<1_000 {
            let value = random.inRange(Int64.max - 2...Int64.max)
            #expect(value >= Int64.max - 2)
        }
    }

    @Test("unitOpen() is strictly inside (0, 1)")
    func unitOpen() {
        var random = SeededRandom(seed: 11)
        var sum = 0.0
        for _ in 0..<10_000 {
            let u = random.unitOpen()
            #expect(u > 0 && u < 1)
            sum += u
        }
        #expect(abs(sum / 10_000 - 0.5) < 0.02)
    }

    @Test("chance() at 0% and 100% is decided without drawing")
    func chanceExtremes() {
        var random = SeededRandom(seed: 77)
        var reference = SeededRandom(seed: 77)
        for _ in 0..<100 {
            #expect(random.chance(partsPerMillion: 0) == false)
            #expect(random.chance(partsPerMillion: -5) == false)
            #expect(random.chance(partsPerMillion: 1_000_000) == true)
            #expect(random.chance(partsPerMillion: 2_000_000) == true)
        }
        // Nothing was drawn: both generators are still in step.
        #expect(random.next() == reference.next())
    }

    @Test("chance() hits about the requested rate")
    func chanceRate() {
        var random = SeededRandom(seed: 78)
        var hits = 0
        for _ in 0..<100_000 where random.chance(partsPerMillion: 250_000) { hits += 1 }
        // Expected 25,000, σ ≈ 137.
        #expect(abs(hits - 25_000) < 1_000)
    }

    @Test("child streams differ from each other and from the parent")
    func streamsDiffer() {
        let seed: UInt64 = 1
        var keys: [StreamKey] = []
        for raw in 1...50 {
            keys.append(.behaviour(of: NodeID(raw)))
            keys.append(.network(from: NodeID(raw)))
        }
        keys.append(contentsOf: (0..<50).map { StreamKey.auxiliary($0) })
        #expect(Set(keys).count == keys.count)
        var firsts = Set<UInt64>()
        for key in keys {
            var stream = SeededRandom(seed: seed, stream: key)
            firsts.insert(stream.next())
        }
        var parent = SeededRandom(seed: seed)
        firsts.insert(parent.next())
        #expect(firsts.count == keys.count + 1)

        // The same key under another session seed is another stream.
        var a = SeededRandom(seed: 1, stream: .behaviour(of: NodeID(1)))
        var b = SeededRandom(seed: 2, stream: .behaviour(of: NodeID(1)))
        #expect(a.next() != b.next())
    }

    /// Adjacent streams must not be correlated: the low bits of two neighbours agree
    /// about half the time, not always.
    @Test("neighbouring streams are not correlated")
    func neighboursUncorrelated() {
        var a = SeededRandom(seed: 5, stream: .network(from: NodeID(7)))
        var b = SeededRandom(seed: 5, stream: .network(from: NodeID(8)))
        var agreeingBits = 0
        for _ in 0..<1_000 { agreeingBits += (~(a.next() ^ b.next())).nonzeroBitCount }
        // 64,000 bits, expected 32,000 agreeing, σ ≈ 126.
        #expect(abs(agreeingBits - 32_000) < 1_000)
    }

    @Test("seed 0 does not give the all-zero (stuck) state")
    func notStuck() {
        var random = SeededRandom(seed: 0)
        let draws = (0..<8).map { _ in random.next() }
        #expect(Set(draws).count == 8)
    }
}
