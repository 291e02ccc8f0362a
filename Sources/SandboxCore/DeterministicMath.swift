/// Natural logarithm and exponential built only from IEEE-754 add, multiply and divide,
/// which are exactly rounded everywhere. The platform's `log`/`exp` may differ in the
/// last bit between C libraries, and one bit is enough to change a latency by a
/// microsecond and so break the promise of byte-identical transcripts on any machine.
///
/// Accuracy is about 1e-15 relative, far finer than the microsecond grid it feeds.
public enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// ln(x) for x > 0: x = m · 2^k with m in [√½, √2), then
    /// ln m = 2·atanh(s) with s = (m−1)/(m+1), summed as a series in s².
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite)
        var m = x.significand  // in [1, 2)
        var k = Double(x.exponent)
        if m > 1.414_213_562_373_095_1 { m /= 2; k += 1 }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var n = 1.0
        while true {
            let add = term / n
            if abs(add) < 1e-18 { break }
            sum += add
            term *= s2
            n += 2
        }
        return 2 * sum + k * ln2
    }

    /// e^x for moderate x (|x| < 700): x = k·ln2 + r with |r| ≤ ln2/2, Taylor series for
    /// e^r, then scaled by 2^k exactly.
    public static func exp(_ x: Double) -> Double {
        precondition(x.isFinite && abs(x) < 700)
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while abs(term) > 1e-18 {
            term *= r / n
            sum += term
            n += 1
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }
}
