import Console
import Foundation
import SandboxCore
import Simulator
import Testing

/// Fuzzing the command language: random bytes and "token soup" must never crash the
/// parser or the session, every error must point inside the line, and a failed command
/// must not touch the simulation. Every generator is seeded; a failure message names the
/// seed and the line number, so `FuzzTests.soupLines(seed:count:)` reproduces it.
@Suite("Fuzzing")
struct FuzzTests {
    static let seeds: [UInt64] = [0xD5B0_C0DE, 20_240_601]

    // MARK: - Random text

    /// Scalars that tend to break text handling: controls, separators, marks, emoji parts.
    static let awkwardPieces: [String] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}", "\u{200B}",
        "\u{200D}", "\u{202E}", "\u{301}", "\u{308}", "\u{20DD}", "\u{FFFD}", "\r", "\n", "\r\n", "\t", " ", "  ",
        "🎉", "👩‍👩‍👧‍👦", "🇫🇷", "e\u{301}", "µ", "μ", "１", "٣", "ｎ", "Ω", "ß", "İ",
        "n", "e", "N", "E", "1", "0", "9", "#", "|", "-", ">", "->", ".", "..", "%", "+", "ms", "s", "ppm",
    ]

    static let longAlphabet: [String] = ["a", "1", " ", "|", "-", ">", "é", "🎉", "n", "\t", "%", "."]

    /// One line of random text of a random flavour.
    static func randomText(_ dice: inout Dice) -> String {
        switch dice.int(0...49) {
        case 0...14:  // raw bytes, often invalid UTF-8
            let bytes = (0..<dice.int(0...120)).map { _ in UInt8(truncatingIfNeeded: dice.random.next()) }
            return String(decoding: bytes, as: UTF8.self)
        case 15...19:  // control characters and odd white space only
            let scalars = (0..<dice.int(0...40)).map { _ in
                Unicode.Scalar(dice.pick([0, 1, 2, 9, 10, 11, 12, 13, 27, 31, 32, 127, 0x85, 0x2028, 0x3000] as [UInt32])) ?? " "
            }
            return String(String.UnicodeScalarView(scalars))
        case 20...34:  // awkward pieces
            return (0..<dice.int(0...30)).map { _ in dice.pick(awkwardPieces) }.joined()
        case 35...48:  // a real command word, then garbage
            let word = dice.pick(CommandCatalog.standard.entries).word
            return word + dice.pick([" ", "\t", "", "|"]) + (0..<dice.int(0...12)).map { _ in dice.pick(awkwardPieces) }.joined()
        default:  // a long line, sometimes one long word (see also `veryLongLines`)
            let length = dice.int(300...2_000)
            switch dice.int(0...3) {
            // One unknown word costs ~35 µs a character in debug ("did you mean"), so keep it short here.
            case 0: return String(repeating: dice.pick(["x", "9", "é", "🎉"]), count: length / 5)
            case 1: return "local n1 " + String(repeating: "a", count: length)
            case 2: return "partition " + String(repeating: "n1 | ", count: length / 5)
            default: return (0..<length).map { _ in dice.pick(longAlphabet) }.joined()
            }
        }
    }

    @Test("random text never crashes the parser, and errors point inside the line", arguments: seeds)
    func randomTextThroughTheParser(seed: UInt64) {
        var dice = Dice(seed: seed)
        for index in 0..<2_000 {
            let line = Self.randomText(&dice)
            let first = CommandParser.parse(line)
            if index % 10 == 0 {
                #expect(first == CommandParser.parse(line), "seed \(seed) line \(index): parsing is not a function of the line")
            }
            if case .failure(let error) = first {
                #expect((1...line.count + 1).contains(error.column),
                        "seed \(seed) line \(index): column \(error.column) outside 1…\(line.count + 1) in \(line.debugDescription.prefix(200))")
                #expect(!error.message.isEmpty, "seed \(seed) line \(index)")
            }
        }
    }

    @Test("random text never crashes the session, and a failed line changes nothing", arguments: seeds)
    func randomTextThroughTheSession(seed: UInt64) async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var dice = Dice(seed: seed ^ 0x5E55)
        let session = try await Self.populatedSession(in: directory)
        for index in 0..<1_000 {
            let line = Self.randomText(&dice)
            await Self.executeChecked(line, in: session, context: "seed \(seed) line \(index)")
        }
    }

    /// Very long lines, each with where it must fail (nil: a blank line or a comment).
    static let veryLongLines: [(line: String, column: Int?)] = [
        (String(repeating: " ", count: 100_000), nil),
        ("# " + String(repeating: "| -> ", count: 20_000), nil),
        ("local n1 " + String(repeating: "a", count: 100_000), 10),
        ("partition " + String(repeating: "n1 | ", count: 20_000), 16),
        (String(repeating: "|", count: 100_000), 1),
        ("crash n1 " + String(repeating: "🎉", count: 50_000), 10),
        ("send n1 n2 " + String(repeating: "->", count: 50_000), 12),
        ("run " + String(repeating: "9", count: 100_000) + "ms", 5),
        ("net loss " + String(repeating: "1", count: 100_000) + "%", 10),
        ("show trace last " + String(repeating: "9", count: 100_000), 17),
        // An unknown word is compared with every command for "did you mean": linear in
        // its length, but slow in debug builds (about 0.4 s for 10,000 characters).
        (String(repeating: "x", count: 10_000), 1),
    ]

    @Test("very long lines are refused quickly, at the right column")
    func veryLongLines() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try await Self.populatedSession(in: directory)
        for (index, test) in Self.veryLongLines.enumerated() {
            switch CommandParser.parse(test.line) {
            case .success(let parsed):
                #expect(test.column == nil && parsed == nil, "long line \(index) parsed as \(String(describing: parsed?.command))")
            case .failure(let error):
                #expect(error.column == test.column, "long line \(index): \(error.message.prefix(80))")
            }
            await Self.executeChecked(test.line, in: session, context: "long line \(index)")
        }
    }

    // MARK: - Token soup

    static let commandWords = CommandCatalog.standard.entries.map(\.word) + CommandCatalog.aliases.keys.sorted()
        + ["CRASH", "Send", "crsh", "runn", "SHOW"]
    static let subWords = ["latency", "loss", "dup", "pareto", "reset", "step", "quiet", "last", "nodes", "net",
                           "clocks", "trace", "event", "window", "off", "--force", "0.5x", "100x", "echo", "flood", "none", "raft",
                           "STEP", "Quiet", "ECHO"]
    static let behaviours = ["echo", "flood", "none", "raft", "Echo"]
    /// Existing nodes (n1…n5) come up about two times in three.
    static let nodes = ["n1", "n2", "n3", "n4", "n5", "n1", "n2", "n3", "n4", "n5", "n1", "n2", "n3", "n4", "n5",
                        "n1", "n2", "n3", "n4", "n5", "N2", "N5", "n6", "n7", "n0", "n100001", "n-1", "n99999",
                        "n100000", "n+1", "n01", "n1.5", "n", "nn1", "n1n", "n１"]
    static let events = ["e1", "e2", "e3", "e5", "e8", "e10", "e40", "e0", "e-1", "e99999999999999999999", "E3", "e"]
    /// Valid and broken durations, including the two that overflowed (and crashed) at
    /// f703d9d: `2562047788.1h` and `153722867280.99m`.
    static let durations = ["1ms", "5ms", "20ms", "500us", "1.5s", "0s", "0ms", "-0ms", "+5ms", "-5ms", "+150ms",
                            "-300ms", "1.5us", "1.5.5s", "99999999999999s", "2400h", "2401h", "+", "-", "5", "ms",
                            "1µs", "1μs", "0.5ms", "3m", "100ms", ".5s", "5.s", "1e3ms", "999999999999h",
                            "2562047788.1h", "+153722867280.99m"]
    static let latencies = ["5ms..50ms", "50ms..5ms", "..", "1ms..", "..1ms", "0ms..0ms", "-1ms..5ms", "1ms..2400h",
                            "1ms...5ms", "1..5ms"]
    static let percents = ["0%", "10%", "50%", "100%", "101%", "2.5%", "0.0001%", "0.00001%", "100.0001%", "999%",
                           "1000%", "-5%", "%", "5.%", "7"]
    static let ppms = ["+200ppm", "-200ppm", "0ppm", "500000ppm", "-500001ppm", "1000000ppm", "ppm", "+-5ppm", "200PPM"]
    static let numbers = ["0", "1", "2", "3", "7", "-1", "-5", "10001", "100", "1000000", "1000001",
                          "99999999999999999999", "18446744073709551615", "9223372036854775807", "1.5", "0x10", "+3", "007"]
    static let labels = ["a", "hello", "m1", "x_y.z:1/2-3", "héllo", "a,b", "🎉", String(repeating: "x", count: 41), "#x"]
    static let files = ["a.dsb", "b.dsb", "t.jsonl", "no/such/dir/x.dsb", "sub/", "a b"]
    static let punctuation = ["|", "->", "..", "-", ">", "||", "|n2", "n1|", "->n3", "n1->n2"]
    static let everyToken = commandWords + subWords + nodes + events + durations + latencies + percents + ppms
        + numbers + labels + files + punctuation

    /// Command shapes from the catalog's usage lines: the word, then a choice list per slot.
    static let shapes: [(word: String, slots: [[String]])] = [
        ("spawn", [["1", "2", "3", "007", "0", "10001"], behaviours]), ("spawn", [nodes, nodes, behaviours]),
        ("net", [["latency"], durations + latencies]), ("net", [["latency"], ["pareto"], durations, ["2", "0.5", "11", "nan"]]),
        ("net", [["loss", "dup"], percents]),
        ("link", [nodes, nodes, ["latency"], durations + latencies]), ("link", [nodes, ["->"], nodes, ["loss", "dup"], percents]),
        ("link", [nodes, nodes, ["reset"]]),
        ("cut", [nodes, ["->"], nodes]), ("partition", [nodes, nodes, ["|"], nodes]),
        ("partition", [nodes, ["|"], nodes, ["|"], nodes]),
        ("isolate", [nodes]), ("heal", []), ("crash", [nodes]), ("restart", [nodes]), ("pause", [nodes]),
        ("pause", [nodes, durations]), ("resume", [nodes]),
        ("skew", [nodes, durations]), ("clock", [nodes, ["step"], durations]), ("drift", [nodes, ppms]),
        ("local", [nodes]), ("local", [nodes, labels]), ("send", [nodes, nodes]), ("send", [nodes, nodes, labels]),
        ("send", [nodes, nodes]), ("send", [nodes, nodes, labels]),
        ("run", [["1ms", "5ms", "20ms", "100ms", "0s"]]), ("run", [durations, ["quiet"]]), ("sleep", [durations]),
        ("step", []), ("step", [numbers]),
        ("show", [["nodes", "net", "clocks", "trace"]]), ("show", [["trace"], ["last"], numbers]),
        ("show", [["event"], events]), ("order", [events, events]),
        ("export", [["trace"], files]), ("trace", [["window"], numbers + ["off"]]),
        ("save", [files]), ("save", [files, ["--force"]]), ("load", [files]),
        ("record", [files]), ("record", [files, ["--force"]]), ("record", [["off"]]),
        ("live", []), ("live", [["0.5x", "2", "0x", "101x", "fast"]]), ("stop", []),
        ("reset", []), ("help", []), ("help", [commandWords]), ("seed", [numbers]), ("quit", []),
    ]

    /// One line of token soup: a command shape with mutations, or free soup.
    static func soupLine(_ dice: inout Dice) -> String {
        var tokens: [String]
        if dice.chance(70) {
            let shape = dice.pick(shapes)
            tokens = [shape.word]
            for slot in shape.slots {
                if dice.chance(4) { continue }  // drop the slot
                tokens.append(dice.chance(8) ? dice.pick(everyToken) : dice.pick(slot))
            }
            if dice.chance(5) { tokens.append(dice.pick(everyToken)) }
        } else {
            tokens = [dice.chance(80) ? dice.pick(commandWords) : dice.pick(everyToken)]
            for _ in 0..<dice.int(0...6) { tokens.append(dice.pick(everyToken)) }
        }
        var line = dice.chance(5) ? dice.pick([" ", "\t", "  "]) : ""
        for (index, token) in tokens.enumerated() {
            if index > 0 { line += dice.chance(90) ? " " : dice.pick(["\t", "  ", "", " \t"]) }
            line += token
        }
        if dice.chance(3) { line += dice.pick([" # a comment", "#", " # | -> n1"]) }
        return line
    }

    /// The soup lines for `seed`, to reproduce a failure by hand.
    static func soupLines(seed: UInt64, count: Int) -> [String] {
        var dice = Dice(seed: seed)
        return (0..<count).map { _ in soupLine(&dice) }
    }

    @Test("token soup never crashes the parser", arguments: seeds)
    func soupThroughTheParser(seed: UInt64) {
        for (index, line) in Self.soupLines(seed: seed, count: 4_000).enumerated() {
            if case .failure(let error) = CommandParser.parse(line) {
                #expect((1...line.count + 1).contains(error.column), "seed \(seed) line \(index): \(line.debugDescription)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("token soup runs the simulation; a failed command leaves it as it was", arguments: seeds)
    func soupThroughTheSession(seed: UInt64) async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var dice = Dice(seed: seed)
        var session = try await Self.populatedSession(in: directory)
        var succeeded = 0, failed = 0, eventsSeen = 0
        for index in 0..<2_500 {
            // A fresh session now and then keeps flood clusters (n² messages a rumour) small,
            // and brings nodes back after a `reset` or `seed`.
            let members = await session.simulation.members.count
            if index % 250 == 0 || members > 30 || members < 3 { session = try await Self.populatedSession(in: directory) }
            let line = Self.soupLine(&dice)
            let result = await Self.executeChecked(line, in: session, context: "seed \(seed) line \(index)")
            if result.succeeded { succeeded += 1 } else { failed += 1 }
            eventsSeen += result.newEvents
        }
        // The soup is meant to exercise the simulation, not only the error paths.
        #expect(succeeded > 500, "seed \(seed): only \(succeeded) of 2500 lines succeeded")
        #expect(failed > 500, "seed \(seed): only \(failed) of 2500 lines failed")
        #expect(eventsSeen > 400, "seed \(seed): the soup recorded only \(eventsSeen) events")
    }

    @Test("the same soup in two sessions gives the same transcript")
    func soupIsDeterministic() async throws {
        let lines = Self.soupLines(seed: 77, count: 400)
        var transcripts: [String] = []
        for _ in 0..<2 {
            let directory = try Self.scratchDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let session = try await Self.populatedSession(in: directory)
            var transcript = ""
            for line in lines {
                let outcome = await session.execute(line)
                transcript += outcome.output + "\n" + (outcome.error?.rendered ?? "") + "\n"
            }
            transcripts.append(transcript)
        }
        #expect(transcripts[0] == transcripts[1])
    }

    // MARK: - Helpers

    /// What a failed line must not change.
    struct Fingerprint: Equatable {
        let events: Int
        let now: SimTime
        let history: [Session.HistoryEntry]
        let reports: [NodeReport]
    }

    static func fingerprint(_ session: Session) async -> Fingerprint {
        let simulation = session.simulation
        return Fingerprint(events: await simulation.trace.totalRecorded, now: await simulation.now,
                           history: session.history, reports: await simulation.nodeReports())
    }

    /// Runs one line and checks the invariants of a failed command. Tells whether the
    /// line succeeded (or was blank) and how many events it recorded.
    @discardableResult
    static func executeChecked(_ line: String, in session: Session, context: String) async
        -> (succeeded: Bool, newEvents: Int) {
        let simulation = session.simulation
        let before = await fingerprint(session)
        let outcome = await session.execute(line)
        guard let error = outcome.error else {
            let recorded = session.simulation === simulation ? await simulation.trace.totalRecorded - before.events : 0
            return (true, recorded)
        }
        #expect((1...line.count + 1).contains(error.column),
                "\(context): column \(error.column) outside the line \(line.debugDescription.prefix(200))")
        #expect(outcome.output.isEmpty, "\(context): a failed line printed output")
        // `load` runs the lines of its file until one fails; those before it stay done
        // (documented in Session.load), so only the other commands must change nothing.
        let isLoad = Tokenizer.tokens(of: line).first?.text.lowercased() == "load"
        if !isLoad {
            #expect(session.simulation === simulation, "\(context): \(line.debugDescription) replaced the simulation")
            let after = await fingerprint(session)
            #expect(after.events == before.events,
                    "\(context): \(line.debugDescription) failed (\(error.message)) but recorded \(after.events - before.events) events")
            #expect(after.now == before.now, "\(context): \(line.debugDescription) failed but moved time")
            #expect(after.history == before.history, "\(context): \(line.debugDescription) failed but was recorded")
            #expect(after.reports == before.reports, "\(context): \(line.debugDescription) failed but changed a node")
        }
        return (false, 0)
    }

    /// A session with echo nodes n1 n2, flood nodes n3 n4, idle n5, and jittery latency.
    static func populatedSession(in directory: URL) async throws -> Session {
        let session = Session(seedOverride: nil, directory: directory)
        for line in ["spawn 2 echo", "spawn n3 n4 flood", "spawn n5", "net latency 1ms..5ms", "send n1 n3 hello"] {
            let outcome = await session.execute(line)
            try #require(outcome.error == nil, "\(line): \(outcome.error!.rendered)")
        }
        return session
    }

    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dsbox-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Seeded dice for the fuzzers, over SandboxCore's xoshiro256** generator.
    struct Dice {
        var random: SeededRandom

        init(seed: UInt64) { random = SeededRandom(seed: seed) }

        mutating func int(_ range: ClosedRange<Int>) -> Int {
            Int(random.inRange(Int64(range.lowerBound)...Int64(range.upperBound)))
        }

        /// True `percent` times in a hundred.
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

        mutating func pick<Element>(_ items: [Element]) -> Element { items[int(0...items.count - 1)] }
    }
}
