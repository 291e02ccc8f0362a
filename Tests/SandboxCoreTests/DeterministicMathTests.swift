import Foundation
import SandboxCore
import Testing

/// `DeterministicMath.log`/`exp` must agree with the platform's correctly-rounded-ish
/// libm to far better than the microsecond grid they feed (the doc claims ~1e-15).
@Suite("DeterministicMath")
struct DeterministicMathTests {
    private static let tolerance = 1e-13

    private func relativeError(_ value: Double, _ reference: Double) -> Double {
        reference == 0 ? abs(value) : abs(value - reference) / abs(reference)
    }

    @Test("exact values")
    func exactValues() {
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.exp(0) == 1)
        #expect(relativeError(DeterministicMath.log(2), M_LN2) < 1e-15)
        #expect(relativeError(DeterministicMath.exp(1), M_E) < 1e-15)
        #expect(relativeError(DeterministicMath.log(M_E), 1) < 1e-15)
        // Powers of two: ln(2^k) = k·ln 2.
        for k in -60...60 {
            let x = Double(sign: .plus, exponent: k, significand: 1)
            #expect(relativeError(DeterministicMath.log(x), Double(k) * M_LN2) < 1e-15 || k == 0)
        }
    }

    @Test("log agrees with Foundation over many magnitudes")
    func logMatchesFoundation() {
        var random = SeededRandom(seed: 1)
        var worst = 0.0
        for _ in 0..<20_000 {
            // Magnitudes from 1e-300 to 1e300, log-uniform.
            let x = Foundation.exp((random.unitOpen() * 2 - 1) * 690)
            worst = max(worst, relativeError(DeterministicMath.log(x), Foundation.log(x)))
        }
        for _ in 0..<20_000 {
            // Near 1, where ln x is small and relative error is hardest.
            let x = 1 + (random.unitOpen() * 2 - 1) * 0.5
            worst = max(worst, relativeError(DeterministicMath.log(x), Foundation.log(x)))
        }
        for _ in 0..<5_000 {
            // The range the Pareto sampler feeds: U in (0, 1).
            let u = random.unitOpen()
            worst = max(worst, relativeError(DeterministicMath.log(u), Foundation.log(u)))
        }
        #expect(worst < Self.tolerance, "worst relative error \(worst)")
    }

    @Test("exp agrees with Foundation across its range")
    func expMatchesFoundation() {
        var random = SeededRandom(seed: 2)
        var worstModerate = 0.0
        for _ in 0..<20_000 {
            let x = (random.unitOpen() * 2 - 1) * 30
            worstModerate = max(worstModerate, relativeError(DeterministicMath.exp(x), Foundation.exp(x)))
        }
        #expect(worstModerate < Self.tolerance, "worst relative error \(worstModerate) for |x| < 30")

        var worstWide = 0.0
        var worstX = 0.0
        for _ in 0..<20_000 {
            let x = (random.unitOpen() * 2 - 1) * 699
            let error = relativeError(DeterministicMath.exp(x), Foundation.exp(x))
            if error > worstWide { worstWide = error; worstX = x }
        }
        #expect(worstWide < Self.tolerance, "worst relative error \(worstWide) at x = \(worstX)")
    }

    @Test("exp and log are inverse")
    func inverse() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<5_000 {
            let x = (random.unitOpen() * 2 - 1) * 20
            #expect(abs(DeterministicMath.log(DeterministicMath.exp(x)) - x) < 1e-13 * max(1, abs(x)))
        }
    }

    /// The Pareto sampler takes log of U in (0, 1) and exp of at most ln 1000 ≈ 6.9:
    /// there the doc's "about 1e-15 relative" must hold.
    @Test("in the range latency sampling uses, errors are a few ulps")
    func samplerRange() {
        var random = SeededRandom(seed: 4)
        var worstExp = 0.0, worstLog = 0.0
        for _ in 0..<20_000 {
            let x = random.unitOpen() * 7
            worstExp = max(worstExp, relativeError(DeterministicMath.exp(x), Foundation.exp(x)))
            let u = random.unitOpen()
            if abs(u - 1) > 1e-3 {
                worstLog = max(worstLog, relativeError(DeterministicMath.log(u), Foundation.log(u)))
            }
        }
        #expect(worstExp < 5e-15, "exp: \(worstExp)")
        #expect(worstLog < 5e-15, "log: \(worstLog)")
    }
}
