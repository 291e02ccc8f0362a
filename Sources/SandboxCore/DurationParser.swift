/// Reads durations as written in commands: `500us`, `20ms`, `1.5s`, `2m`, with an
/// optional sign (`+150ms`, `-300ms`).
///
/// Decimal fractions are exact: `1.5s` is 1,500,000 µs, computed with integers only, so
/// parsing never depends on floating-point rounding. A value that is not a whole number
/// of microseconds (`0.5us`) is rejected rather than rounded.
public enum DurationParser {
    /// Why a duration could not be read.
    public enum Failure: Error, Equatable, Sendable {
        case missingUnit, unknownUnit(String), badNumber, notWholeMicroseconds, tooLarge
    }

    private static let units: [(suffix: String, micros: Int64)] = [
        ("us", 1), ("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
    ]

    /// The largest duration accepted: 100 days, far past any sensible session.
    public static let maximumMicroseconds: Int64 = 100 * 24 * 3_600_000_000

    public static func parse(_ text: some StringProtocol) -> Result<SimDuration, Failure> {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        let numberPart = body.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unitPart = body.dropFirst(numberPart.count)
        guard !numberPart.isEmpty else { return .failure(.badNumber) }
        guard !unitPart.isEmpty else { return .failure(.missingUnit) }
        guard let unit = units.first(where: { $0.suffix == unitPart }) else {
            return .failure(.unknownUnit(String(unitPart)))
        }
        let pieces = numberPart.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let wholeText = pieces.first, !wholeText.isEmpty else { return .failure(.badNumber) }
        let wholeDigits = wholeText.drop { $0 == "0" }
        guard wholeDigits.count <= 18 else { return .failure(.tooLarge) }
        let whole = Int64(wholeDigits) ?? 0
        let wholeMicros = whole.multipliedReportingOverflow(by: unit.micros)
        guard !wholeMicros.overflow else { return .failure(.tooLarge) }
        var micros = wholeMicros.partialValue
        if pieces.count == 2 {
            // f / 10^len of a unit: exact in integers. Trailing zeros change nothing; with
            // none left, more than 12 digits can never be a whole microsecond of any unit.
            let fractionText = pieces[1].reversed().drop { $0 == "0" }.reversed()
            guard !pieces[1].isEmpty else { return .failure(.badNumber) }
            if !fractionText.isEmpty {
                guard fractionText.count <= 12, let fraction = Int64(String(fractionText)) else {
                    return .failure(.notWholeMicroseconds)
                }
                var scale: Int64 = 1
                for _ in 0..<fractionText.count { scale *= 10 }
                let (quotient, remainder) = scale.dividingFullWidth(fraction.multipliedFullWidth(by: unit.micros))
                guard remainder == 0 else { return .failure(.notWholeMicroseconds) }
                let sum = micros.addingReportingOverflow(quotient)
                guard !sum.overflow else { return .failure(.tooLarge) }
                micros = sum.partialValue
            }
        }
        guard micros <= maximumMicroseconds else { return .failure(.tooLarge) }
        return .success(SimDuration(microseconds: negative ? -micros : micros))
    }
}

extension DurationParser.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingUnit: "a duration needs a unit (us, ms, s, m, h), e.g. 20ms"
        case .unknownUnit(let unit): "unknown time unit '\(unit)' (use us, ms, s, m or h)"
        case .badNumber: "not a number; write durations like 500us, 20ms or 1.5s"
        case .notWholeMicroseconds: "durations are whole microseconds; 1us is the finest step"
        case .tooLarge: "duration too large (the limit is 100 days)"
        }
    }
}
