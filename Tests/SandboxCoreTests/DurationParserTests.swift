import SandboxCore
import Testing

/// `DurationParser` reads `500us`, `20ms`, `1.5s`, `2m`, `1h` with an optional sign, using
/// integers only, and refuses what is not a whole number of microseconds.
@Suite("DurationParser")
struct DurationParserTests {
    private func micros(_ text: String) -> Int64? {
        try? DurationParser.parse(text).get().microseconds
    }

    private func failure(_ text: String) -> DurationParser.Failure? {
        if case .failure(let failure) = DurationParser.parse(text) { return failure }
        return nil
    }

    @Test("every unit scales to microseconds", arguments: [
        ("500us", Int64(500)),
        ("500µs", 500),
        ("20ms", 20_000),
        ("1s", 1_000_000),
        ("2m", 120_000_000),
        ("1h", 3_600_000_000),
        ("0s", 0),
        ("0ms", 0),
    ])
    func units(text: String, expected: Int64) {
        #expect(micros(text) == expected)
    }

    @Test("decimal fractions are exact", arguments: [
        ("1.5s", Int64(1_500_000)),
        ("0.25ms", 250),
        ("2.5ms", 2_500),
        ("0.001s", 1_000),
        ("0.000001s", 1),
        ("1.5m", 90_000_000),
        ("0.5h", 1_800_000_000),
        ("1.50s", 1_500_000),
        ("3.0us", 3),
    ])
    func fractions(text: String, expected: Int64) {
        #expect(micros(text) == expected)
    }

    @Test("a sign is allowed in front")
    func signs() {
        #expect(micros("+150ms") == 150_000)
        #expect(micros("-300ms") == -300_000)
        #expect(micros("-1.5s") == -1_500_000)
        #expect(micros("+0s") == 0)
    }

    @Test("a number without a unit is refused")
    func missingUnit() {
        #expect(failure("20") == .missingUnit)
        #expect(failure("-20") == .missingUnit)
        #expect(failure("1.5") == .missingUnit)
    }

    @Test("unknown units are named in the error")
    func unknownUnit() {
        #expect(failure("20sec") == .unknownUnit("sec"))
        #expect(failure("5d") == .unknownUnit("d"))
        #expect(failure("20 ms") == .unknownUnit(" ms"))
        #expect(failure("20MS") == .unknownUnit("MS"))
        #expect(failure("1e3ms") == .unknownUnit("e3ms"))
    }

    @Test("malformed numbers are refused", arguments: ["", "ms", "-", "+", "--5ms", "+-5ms", "1.2.3s", "5.s", ".5s", "abc"])
    func badNumbers(text: String) {
        #expect(failure(text) == .badNumber)
    }

    @Test("fractions finer than a microsecond are refused, not rounded")
    func notWhole() {
        #expect(failure("0.5us") == .notWholeMicroseconds)
        #expect(failure("1.0000001s") == .notWholeMicroseconds)
        #expect(failure("0.0001ms") == .notWholeMicroseconds)
    }

    @Test("the limit is 100 days, in either direction")
    func limit() {
        // 100 days = 100 × 24 h = 2400 h = 8,640,000 s.
        #expect(DurationParser.maximumMicroseconds == 8_640_000_000_000)
        #expect(micros("2400h") == 8_640_000_000_000)
        #expect(micros("8640000s") == 8_640_000_000_000)
        #expect(micros("-2400h") == -8_640_000_000_000)
        #expect(failure("2401h") == .tooLarge)
        #expect(failure("8640001s") == .tooLarge)
        #expect(failure("-2401h") == .tooLarge)
        #expect(failure("99999999999999999999s") == .tooLarge)
        #expect(failure("999999999999h") == .tooLarge)
    }

    /// 2562047788 h = 9,223,372,036,800,000,000 µs fits in Int64 (max …854,775,807);
    /// adding 0.1 h = 360,000,000 µs does not. The answer is "too large", never a crash.
    /// Run in a child process so an overflow trap cannot take the runner down.
    ///
    /// BUG (Sources/SandboxCore/DurationParser.swift:50): `micros.partialValue += …` traps
    /// on overflow. Fix: `addingReportingOverflow`, failing with `.tooLarge`.
    @Test("a whole part near the Int64 limit plus a fraction is too large, not a crash")
    func overflowingFraction() async {
        await #expect(processExitsWith: .success) {
            for text in ["2562047788.1h", "153722867280.95m", "-2562047788.5h"] {
                guard case .failure(.tooLarge) = DurationParser.parse(text) else { fatalError(text) }
            }
        }
    }

    /// 1,234,567,890,123 µs is about 14.3 days, well under the 100-day limit, and it is
    /// exactly how `SimDuration.description` spells that duration. It must parse.
    ///
    /// BUG (Sources/SandboxCore/DurationParser.swift:36): `wholeText.count <= 12` refuses
    /// 13-digit whole parts as `.tooLarge`, though the limit (8,640,000,000,000 µs) has 13
    /// digits. Fix: allow up to 18 digits and let the overflow and maximum checks decide.
    @Test("every duration under the limit can be written in microseconds")
    func longMicrosecondSpellings() {
        #expect(micros("1234567890123us") == 1_234_567_890_123)
        #expect(micros("8640000000000us") == 8_640_000_000_000)
    }

    /// `1.500000000000m` is 1.5 minutes = 90,000,000 µs; trailing zeros in the fraction
    /// must not make it "too large".
    ///
    /// BUG (Sources/SandboxCore/DurationParser.swift:47-48): `fraction × unit` is computed
    /// in 64 bits, so a 12-digit fraction of minutes or hours overflows and is reported as
    /// `.tooLarge`. Fix: drop trailing zeros of the fraction first, or multiply with
    /// `multipliedFullWidth` and divide with `dividingFullWidth`.
    @Test("trailing zeros in a fraction never make a duration too large")
    func longFractions() {
        #expect(micros("1.500000000000m") == 90_000_000)
        #expect(micros("0.500000000000h") == 1_800_000_000)
        #expect(micros("1.500000000000s") == 1_500_000)
    }

    /// `SimDuration.description` promises "the shortest exact spelling": reading it back
    /// must give the same duration.
    @Test("description round-trips through the parser")
    func roundTrip() {
        var random = SeededRandom(seed: 7)
        var values: [Int64] = [0, 1, -1, 999, 1_000, 1_500, 150_000, -300_000, 2_000_000, 60_000_000, 3_600_000_000,
                               999_999_999_999, DurationParser.maximumMicroseconds, -DurationParser.maximumMicroseconds]
        for _ in 0..<2_000 {
            let magnitude = random.inRange(0...999_999_999_999)
            let scale: [Int64] = [1, 1_000, 1_000_000]
            values.append(magnitude / scale[Int(random.below(3))] * (random.below(2) == 0 ? 1 : -1))
        }
        for value in values {
            let text = SimDuration(microseconds: value).description
            #expect(micros(text) == value, "\(text)")
        }
        // Signed spellings from TimeFormat read back too.
        #expect(micros(TimeFormat.duration(150_000, signed: true)) == 150_000)
        #expect(micros(TimeFormat.duration(-300_000, signed: true)) == -300_000)
    }
}
