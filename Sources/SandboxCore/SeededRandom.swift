/// The one pseudo-random family of dsbox: xoshiro256** generators seeded through
/// SplitMix64, as recommended by Blackman and Vigna ("Scrambled linear pseudorandom
/// number generators", 2021).
///
/// Every consumer gets its own child stream, derived from the session seed and a
/// stream key (for example "node 7" or "the network stream of node 7"), so adding a
/// node or a draw in one place never shifts the numbers drawn anywhere else. The
/// algorithms are fixed and written here in full: the same seed gives the same numbers
/// on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole state comes from `seed` through SplitMix64.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point
    }

    /// The child stream for `key` under a session `seed`.
    ///
    /// The key and seed are mixed with SplitMix64's finaliser, which scatters nearby
    /// keys (node 7, node 8) to unrelated streams.
    public init(seed: UInt64, stream key: StreamKey) {
        self.init(seed: SplitMix64.mix(SplitMix64.mix(seed ^ 0x5DEE_CE66_D1CE_4E5B) &+ key.rawValue))
    }

    /// xoshiro256**: the next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-shift with rejection, so the
    /// result does not depend on the standard library's algorithm for `random(in:)`.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform integer in the closed range.
    public mutating func inRange(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the whole Int64 range
        return range.lowerBound &+ Int64(bitPattern: below(span))
    }

    /// A uniform double in the open interval (0, 1): 53 random bits, never 0 or 1.
    public mutating func unitOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// True with probability `partsPerMillion` / 1,000,000. Draws nothing when the
    /// probability is 0 or 1, so switching a fault off does not shift other draws less
    /// than switching it on would.
    public mutating func chance(partsPerMillion: Int) -> Bool {
        if partsPerMillion <= 0 { return false }
        if partsPerMillion >= 1_000_000 { return true }
        return below(1_000_000) < UInt64(partsPerMillion)
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Names a child stream of the session seed.
public struct StreamKey: Hashable, Sendable {
    public let rawValue: UInt64
    /// The stream a node's behaviour draws from (election timeouts, random peers).
    public static func behaviour(of node: NodeID) -> StreamKey { StreamKey(rawValue: 1 << 40 | UInt64(node.rawValue)) }
    /// The stream the router draws from for messages leaving `node` (latency, loss,
    /// duplication): one per sender, so one node's traffic never shifts another's.
    public static func network(from node: NodeID) -> StreamKey { StreamKey(rawValue: 2 << 40 | UInt64(node.rawValue)) }
    /// A stream for tools outside the simulation, such as workload generators.
    public static func auxiliary(_ index: UInt64) -> StreamKey { StreamKey(rawValue: 3 << 40 | index) }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): seeds the xoshiro state and mixes keys.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function: a bijective scramble of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
