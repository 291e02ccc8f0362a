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
        guard pieces.count <= 2, let wholeText = pieces.first, !wholeText.isEmpty,
              wholeText.count <= 12, let whole = Int64(wholeText)
        else { return .failure(wholeTextTooLong(pieces) ? .tooLarge : .badNumber) }
        var micros = whole.multipliedReportingOverflow(by: unit.micros)
        guard !micros.overflow else { return .failure(.tooLarge) }
        if pieces.count == 2 {
            let fractionText = pieces[1]
            guard !fractionText.isEmpty, fractionText.count <= 12, let fraction = Int64(fractionText) else {
                return .failure(.badNumber)
            }
            var scale: Int64 = 1
            for _ in 0..<fractionText.count { scale *= 10 }
            let scaled = fraction.multipliedReportingOverflow(by: unit.micros)
            guard !scaled.overflow else { return .failure(.tooLarge) }
            guard scaled.partialValue % scale == 0 else { return .failure(.notWholeMicroseconds) }
            micros.partialValue += scaled.partialValue / scale
        }
        guard micros.partialValue <= maximumMicroseconds else { return .failure(.tooLarge) }
        return .success(SimDuration(microseconds: negative ? -micros.partialValue : micros.partialValue))
    }

    private static func wholeTextTooLong(_ pieces: [Substring]) -> Bool {
        (pieces.first?.count ?? 0) > 12 && pieces.first!.allSatisfy(\.isNumber)
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
