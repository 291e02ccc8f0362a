import SandboxCore
import Testing

/// Times print as seconds with six decimals; durations in their shortest exact unit.
@Suite("TimeFormat")
struct TimeFormatTests {
    @Test("instants print as seconds with six decimals")
    func seconds() {
        #expect(SimTime(microseconds: 1_250_000).description == "1.250000s")
        #expect(SimTime.zero.description == "0.000000s")
        #expect(SimTime(microseconds: 7).description == "0.000007s")
        #expect(TimeFormat.seconds(-300_000) == "-0.300000s")
        #expect(TimeFormat.seconds(12_000_001) == "12.000001s")
    }

    @Test("durations print in the coarsest unit that is exact")
    func durations() {
        #expect(SimDuration.seconds(2).description == "2s")
        #expect(SimDuration.milliseconds(150).description == "150ms")
        #expect(SimDuration.microseconds(1_500).description == "1500us")
        #expect(SimDuration.milliseconds(-300).description == "-300ms")
        #expect(SimDuration.zero.description == "0s")
        #expect(TimeFormat.duration(150_000, signed: true) == "+150ms")
        #expect(TimeFormat.duration(0, signed: true) == "+0s")
        #expect(TimeFormat.duration(-1, signed: true) == "-1us")
    }

    @Test("duration and time arithmetic")
    func arithmetic() {
        let t = SimTime(microseconds: 1_000) + .milliseconds(2)
        #expect(t == SimTime(microseconds: 3_000))
        #expect(t - SimTime(microseconds: 500) == .microseconds(2_500))
        #expect(SimDuration.seconds(1) + .milliseconds(1) == .microseconds(1_001_000))
        #expect(SimDuration.milliseconds(1) < .seconds(1))
    }
}
