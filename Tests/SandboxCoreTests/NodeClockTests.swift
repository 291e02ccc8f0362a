import SandboxCore
import Testing

/// A node's wall clock reads `anchorWall + (t − anchorTime)·(1 + drift)`; stepping moves
/// only the wall clock; the monotonic clock never goes backwards.
@Suite("NodeClock")
struct NodeClockTests {
    private func at(_ micros: Int64) -> SimTime { SimTime(microseconds: micros) }
    private let second: Int64 = 1_000_000

    @Test("a fresh clock reads true time; its monotonic clock starts at 0 at spawn")
    func freshClock() {
        let clock = NodeClock(start: at(5 * second))
        #expect(clock.wall(at: at(5 * second)) == 5 * second)
        #expect(clock.wall(at: at(7 * second + 3)) == 7 * second + 3)
        #expect(clock.monotonic(at: at(5 * second)) == 0)
        #expect(clock.monotonic(at: at(7 * second + 3)) == 2 * second + 3)
        #expect(clock.offset(at: at(9 * second)) == 0)
        #expect(clock.driftPPM == 0)
    }

    @Test("an offset shifts the wall clock and nothing else")
    func offset() {
        var clock = NodeClock(start: .zero)
        clock.setOffset(.milliseconds(150), at: at(second))
        #expect(clock.wall(at: at(second)) == second + 150_000)
        #expect(clock.wall(at: at(2 * second)) == 2 * second + 150_000)
        #expect(clock.offset(at: at(3 * second)) == 150_000)
        #expect(clock.monotonic(at: at(2 * second)) == 2 * second)
        // setOffset is absolute, not cumulative.
        clock.setOffset(.milliseconds(-300), at: at(2 * second))
        #expect(clock.offset(at: at(2 * second)) == -300_000)
        #expect(clock.wall(at: at(4 * second)) == 4 * second - 300_000)
        #expect(clock.monotonic(at: at(4 * second)) == 4 * second)
    }

    @Test("+200 ppm drift gains 200 µs per second; −200 ppm loses it")
    func drift() {
        var fast = NodeClock(start: .zero)
        fast.setDrift(ppm: 200, at: .zero)
        #expect(fast.driftPPM == 200)
        #expect(fast.wall(at: at(second)) == second + 200)
        #expect(fast.monotonic(at: at(second)) == second + 200)
        #expect(fast.offset(at: at(10 * second)) == 2_000)

        var slow = NodeClock(start: .zero)
        slow.setDrift(ppm: -200, at: .zero)
        #expect(slow.wall(at: at(second)) == second - 200)
        #expect(slow.offset(at: at(5 * second)) == -1_000)
    }

    @Test("drift counts from the moment it is set; readings stay continuous")
    func driftReanchors() {
        var clock = NodeClock(start: .zero)
        clock.setOffset(.milliseconds(10), at: at(second))
        clock.setDrift(ppm: 1_000, at: at(2 * second))
        // Before the change, and at it: plain true time + 10 ms.
        #expect(clock.wall(at: at(2 * second)) == 2 * second + 10_000)
        // One true second later the clock has counted 1.001 s.
        #expect(clock.wall(at: at(3 * second)) == 3 * second + 10_000 + 1_000)
        #expect(clock.monotonic(at: at(3 * second)) == 3 * second + 1_000)
        // Back to 0 ppm at 3 s: the gained millisecond stays, no further gain.
        clock.setDrift(ppm: 0, at: at(3 * second))
        #expect(clock.wall(at: at(4 * second)) == 4 * second + 11_000)
        #expect(clock.monotonic(at: at(4 * second)) == 4 * second + 1_000)
    }

    @Test("drift arithmetic rounds toward negative infinity")
    func rounding() {
        var clock = NodeClock(start: .zero)
        clock.setDrift(ppm: 1, at: .zero)
        // 999,999 µs × 1.000001 = 999,999.999999 → 999,999.
        #expect(clock.wall(at: at(999_999)) == 999_999)
        // 1,000,000 µs × 1.000001 = 1,000,001 exactly.
        #expect(clock.wall(at: at(1_000_000)) == 1_000_001)
        // Before the anchor: −1 µs × 1.000001 = −1.000001 → −2.
        #expect(clock.wall(at: at(-1)) == -2)

        var slow = NodeClock(start: .zero)
        slow.setDrift(ppm: -1, at: .zero)
        // 1 µs × 0.999999 → 0; 1,000,000 µs × 0.999999 = 999,999.
        #expect(slow.wall(at: at(1)) == 0)
        #expect(slow.wall(at: at(1_000_000)) == 999_999)
    }

    @Test("a step backwards moves the wall clock back but never the monotonic clock")
    func stepBackwards() {
        var clock = NodeClock(start: .zero)
        clock.step(by: .milliseconds(-300), at: at(second))
        #expect(clock.wall(at: at(second)) == 700_000)
        #expect(clock.wall(at: at(second + 200_000)) == 900_000)  // still behind 1.0 s read earlier
        #expect(clock.offset(at: at(2 * second)) == -300_000)
        #expect(clock.monotonic(at: at(second)) == second)
        #expect(clock.monotonic(at: at(2 * second)) == 2 * second)
        // Steps add up (unlike setOffset).
        clock.step(by: .milliseconds(100), at: at(2 * second))
        #expect(clock.offset(at: at(2 * second)) == -200_000)
    }

    @Test("the monotonic clock never decreases whatever is done to the wall clock")
    func monotonicNeverDecreases() {
        var random = SeededRandom(seed: 99)
        var clock = NodeClock(start: .zero)
        var lastMonotonic = Int64.min
        var t: Int64 = 0
        for _ in 0..<2_000 {
            t += random.inRange(0...50_000)
            switch random.below(4) {
            case 0: clock.step(by: .microseconds(random.inRange(-5_000_000...5_000_000)), at: at(t))
            case 1: clock.setOffset(.microseconds(random.inRange(-5_000_000...5_000_000)), at: at(t))
            case 2: clock.setDrift(ppm: random.inRange(-500_000...500_000), at: at(t))
            default: break
            }
            let reading = clock.monotonic(at: at(t))
            #expect(reading >= lastMonotonic)
            lastMonotonic = reading
        }
    }

    @Test("trueDuration is the local duration when there is no drift")
    func trueDurationNoDrift() {
        let clock = NodeClock(start: .zero)
        #expect(clock.trueDuration(ofLocal: .seconds(1)) == .seconds(1))
        #expect(clock.trueDuration(ofLocal: .microseconds(1)) == .microseconds(1))
        #expect(clock.trueDuration(ofLocal: .zero) == .zero)
        #expect(clock.trueDuration(ofLocal: .microseconds(-5)) == .zero)
    }

    @Test("a fast clock's timers fire early, a slow clock's late")
    func trueDurationWithDrift() {
        var fast = NodeClock(start: .zero)
        fast.setDrift(ppm: 1_000, at: .zero)
        // 1 s local at 1.001 local-s per true s: 10^12 / 1,001,000 = 999,000.999 → 999,001 µs.
        #expect(fast.trueDuration(ofLocal: .seconds(1)) == .microseconds(999_001))

        var slow = NodeClock(start: .zero)
        slow.setDrift(ppm: -1_000, at: .zero)
        // 10^12 / 999,000 = 1,001,001.001 → 1,001,002 µs.
        #expect(slow.trueDuration(ofLocal: .seconds(1)) == .microseconds(1_001_002))

        var double = NodeClock(start: .zero)
        double.setDrift(ppm: 1_000_000, at: .zero)  // runs twice as fast
        #expect(double.trueDuration(ofLocal: .seconds(2)) == .seconds(1))
        #expect(double.trueDuration(ofLocal: .microseconds(3)) == .microseconds(2))  // 1.5 rounded up

        var half = NodeClock(start: .zero)
        half.setDrift(ppm: -500_000, at: .zero)  // runs half as fast
        #expect(half.trueDuration(ofLocal: .seconds(1)) == .seconds(2))
    }

    /// "Rounded up": the returned true duration is the shortest one after which the
    /// clock has counted at least `local`, whenever the timer is set.
    @Test("trueDuration is the shortest true time in which the clock counts the local time")
    func trueDurationIsTight() {
        var random = SeededRandom(seed: 31)
        for _ in 0..<2_000 {
            var clock = NodeClock(start: .zero)
            clock.setDrift(ppm: random.inRange(-900_000...900_000), at: .zero)
            let local = SimDuration(microseconds: random.inRange(1...10_000_000))
            let d = clock.trueDuration(ofLocal: local).microseconds
            // Measured from the anchor, the count is exact at d and short at d − 1.
            #expect(clock.monotonic(at: at(d)) >= local.microseconds)
            #expect(clock.monotonic(at: at(d - 1)) < local.microseconds)
            // From any other instant it is never short.
            let start = random.inRange(0...10_000_000)
            #expect(clock.monotonic(at: at(start + d)) - clock.monotonic(at: at(start)) >= local.microseconds)
        }
    }
}
