import Console
import SandboxCore
import Simulator
import Testing

/// Parser bugs found once, kept fixed.
extension ParserTests {
    // MARK: - Regressions
    //
    // Each test below failed at f703d9d (the bug is described as it was) and passes
    // since 275a79a / 84bd225, which fixed it. They stay as regression tests.

    /// Was a bug (Sources/SandboxCore/NodeID.swift, `init?(parsing:)`): `Int("+1")` is 1, so
    /// `n+1` is read as n1 (and `e+5` as e5). A sign is not part of an id.
    /// Expected: `'n+1' is not a node` at column 7. Actual: parses as `crash n1`.
    /// Fix: require `text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }`.
    @Test("a signed number after n or e is not an id", arguments: [
        ("crash n+1", 7, "'n+1' is not a node"),
        ("partition n1 | n+2", 16, "'n+2' is not a node"),
        ("show event e+5", 12, "'e+5' is not an event"),
    ])
    func signedIdsAreRefused(line: String, column: Int, fragment: String) {
        let error = Self.failure(line)
        #expect(error?.column == column, "\(line) parsed as \(String(describing: Self.parsed(line)??.command))")
        #expect(error?.message.contains(fragment) == true)
    }

    /// Was a bug (Sources/Console/Token.swift, `Tokenizer.tokens(of:)`): "\r\n" is a single
    /// `Character` in Swift, so `case " ", "\t", "\r", "\n"` never matches it and a line
    /// ending in CRLF keeps "\r\n" glued to its last word (`heal\r\n` is an unknown
    /// command, `crash n1\r\n` says `'n1\r\n' is not a node`).
    /// Fix: also treat `"\r\n"` as a separator (or test `character.isWhitespace`).
    @Test("a CRLF line ending is white space", arguments: [
        ("heal\r\n", Command.heal),
        ("crash n1\r\n", .crash(n(1))),
        ("\r\n", nil),
    ])
    func crlfIsWhitespace(line: String, command: Command?) {
        switch CommandParser.parse(line) {
        case .success(let parsed): #expect(parsed?.command == command)
        case .failure(let error): Issue.record("\(line.debugDescription): \(error.rendered)")
        }
    }

    /// Was a bug (Sources/Console/TokenCursor.swift, `ppm()` and `percent()`): a value that is
    /// merely too large, once it has more digits than the range allows, is called "not a
    /// drift" / "not a percentage" instead of saying the limit (`drift n1 1000000ppm`
    /// says "'1000000ppm' is not a drift in ppm"; `net loss 1000%` says "'1000%' is not a
    /// percentage"). Fix: check the digits first, then the range, without the length cap
    /// (or with a cap that only guards `Int` overflow).
    @Test("a number that is too large names the limit", arguments: [
        ("drift n1 1000000ppm", 10, "±500000ppm"),
        ("net loss 1000%", 10, "up to 100%"),
    ])
    func tooLargeNamesTheLimit(line: String, column: Int, fragment: String) throws {
        let error = try #require(Self.failure(line))
        #expect(error.column == column)
        #expect(error.message.contains(fragment), "'\(error.message)'")
    }

    /// Was a bug (Sources/Console/CommandParser.swift, `spawn(_:)`): a word that looks like a
    /// node id but is out of range ends the node list and is then read as a behaviour,
    /// so `spawn n1 n0` says "unknown behaviour 'n0' (known: none, echo, flood)".
    /// Expected: `'n0' is not a node` at column 10. Fix: when the word after the node
    /// list starts with n/N followed by a digit or sign, report it with `cursor.node()`.
    @Test("an out-of-range id in a spawn list is called a bad node, not a bad behaviour", arguments: [
        ("spawn n1 n0", 10, "'n0' is not a node"),
        ("spawn n1 n100001 echo", 10, "'n100001' is not a node"),
    ])
    func spawnListWithBadNode(line: String, column: Int, fragment: String) throws {
        let error = try #require(Self.failure(line))
        #expect(error.column == column)
        #expect(error.message.contains(fragment), "'\(error.message)'")
    }

    /// Was a bug (Sources/Console/CommandParser.swift, `case "save"`): the file name is read
    /// before `--force`, so `save --force` (the name forgotten) writes a file called
    /// `--force`. Expected: an error at column 6 saying a file name is missing. Fix:
    /// refuse a path that starts with `--` (or that equals `--force`).
    @Test("save --force without a file name is refused")
    func saveForceWithoutName() throws {
        let error = try #require(Self.failure("save --force"), "parsed as \(String(describing: Self.parsed("save --force")??.command))")
        #expect(error.column == 6)
        #expect(error.message.contains("file name"))
    }

    /// Was a bug (Sources/SandboxCore/DurationParser.swift:50, `micros.partialValue += …`): the
    /// fraction is added with a trapping `+=`, so a whole part just under the Int64 limit
    /// plus a fraction overflows and crashes the process before the 100-day check:
    /// `run 2562047788.1h` (2562047788 h = 9223372036800000000 µs, + 360000000 µs) and
    /// `skew n1 +153722867280.99m`. Expected: "duration too large". Actual: overflow
    /// trap. Fix: `addingReportingOverflow` (or compare against `maximumMicroseconds`
    /// before adding). These run as exit tests so the crash does not take the runner down.
    @Test("a huge duration with a fraction is refused, not a crash (hours)")
    func hugeFractionalHoursDoNotCrash() async {
        await #expect(processExitsWith: .success) {
            guard case .failure(let error) = CommandParser.parse("run 2562047788.1h"),
                  error.message.contains("too large")
            else { fatalError("expected 'too large'") }
        }
    }

    @Test("a huge duration with a fraction is refused, not a crash (minutes)")
    func hugeFractionalMinutesDoNotCrash() async {
        await #expect(processExitsWith: .success) {
            guard case .failure(let error) = CommandParser.parse("skew n1 +153722867280.99m"),
                  error.message.contains("too large")
            else { fatalError("expected 'too large'") }
        }
    }
}
