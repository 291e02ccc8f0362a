import Console
import SandboxCore
import Simulator
import Testing

/// The command language as a table: lines that parse to exact ``Command`` values, and
/// lines that fail with a ``CommandError`` pointing (1-based, in characters) at the word
/// that is wrong, saying what is wrong, and showing the command's usage.
///
/// Columns in the tables were counted by hand; a line's "end" column is `count + 1`.
@Suite("Command parser")
struct ParserTests {
    // MARK: - Vocabulary

    static func n(_ raw: Int) -> NodeID { NodeID(raw) }
    static func e(_ raw: Int) -> EventID { EventID(raw) }
    static func us(_ value: Int64) -> SimDuration { .microseconds(value) }
    static func ms(_ value: Int64) -> SimDuration { .milliseconds(value) }
    static func s(_ value: Int64) -> SimDuration { .seconds(value) }
    static func ppm(_ value: Int) -> Probability { Probability(partsPerMillion: value) }

    /// A line and the command it must parse to (nil: blank or comment).
    struct Valid: Sendable, CustomTestStringConvertible {
        let line: String
        let command: Command?
        init(_ line: String, _ command: Command?) {
            self.line = line
            self.command = command
        }
        var testDescription: String { line.debugDescription }
    }

    /// A line that must fail: where, with which words in the message, and whose usage.
    struct Invalid: Sendable, CustomTestStringConvertible {
        let line: String
        let column: Int
        let fragments: [String]
        /// The catalog word whose usage the error carries; nil for an unknown command.
        let usageOf: String?
        var testDescription: String { "\(line.debugDescription) → column \(column)" }
    }

    static func bad(_ line: String, _ column: Int, _ fragments: String..., usage word: String) -> Invalid {
        Invalid(line: line, column: column, fragments: fragments, usageOf: word)
    }

    static func unknown(_ line: String, _ column: Int, _ fragments: String...) -> Invalid {
        Invalid(line: line, column: column, fragments: fragments, usageOf: nil)
    }

    static func parsed(_ line: String) -> ParsedCommand?? {
        guard case .success(let parsed) = CommandParser.parse(line) else { return nil }
        return .some(parsed)
    }

    static func failure(_ line: String) -> CommandError? {
        guard case .failure(let error) = CommandParser.parse(line) else { return nil }
        return error
    }

    // MARK: - Valid lines, one group of commands per table

    static let nodeAndNetworkLines: [Valid] = [
        Valid("seed 42", .seed(42)),
        Valid("seed 0", .seed(0)),
        Valid("seed 9223372036854775807", .seed(UInt64(Int.max))),
        Valid("spawn 3", .spawn(.count(3), behaviour: "none")),
        Valid("spawn 3 echo", .spawn(.count(3), behaviour: "echo")),
        Valid("spawn 1 flood", .spawn(.count(1), behaviour: "flood")),
        Valid("spawn 10000", .spawn(.count(10_000), behaviour: "none")),
        Valid("spawn n1", .spawn(.nodes([n(1)]), behaviour: "none")),
        Valid("spawn n1 n2 n7 flood", .spawn(.nodes([n(1), n(2), n(7)]), behaviour: "flood")),
        Valid("spawn N4 ECHO", .spawn(.nodes([n(4)]), behaviour: "echo")),
        Valid("spawn n100000 none", .spawn(.nodes([n(100_000)]), behaviour: "none")),
        Valid("SPAWN 2", .spawn(.count(2), behaviour: "none")),
        Valid("net latency 10ms", .netLatency(.fixed(ms(10)))),
        Valid("net latency 0ms", .netLatency(.fixed(.zero))),
        Valid("net latency 5ms..50ms", .netLatency(.uniform(ms(5), ms(50)))),
        Valid("net latency 5ms..5ms", .netLatency(.uniform(ms(5), ms(5)))),
        Valid("net latency 500us..1.5s", .netLatency(.uniform(us(500), us(1_500_000)))),
        Valid("net latency pareto 5ms", .netLatency(.pareto(minimum: ms(5), alpha: 2))),
        Valid("net latency pareto 5ms 2.5", .netLatency(.pareto(minimum: ms(5), alpha: 2.5))),
        Valid("net latency pareto 1ms 0.5", .netLatency(.pareto(minimum: ms(1), alpha: 0.5))),
        Valid("net latency pareto 1ms 10", .netLatency(.pareto(minimum: ms(1), alpha: 10))),
        Valid("net loss 10%", .netLoss(ppm(100_000))),
        Valid("net loss 0%", .netLoss(ppm(0))),
        Valid("net loss 100%", .netLoss(ppm(1_000_000))),
        Valid("net loss 100.0000%", .netLoss(ppm(1_000_000))),
        Valid("net loss 2.5%", .netLoss(ppm(25_000))),
        Valid("net loss 0.0001%", .netLoss(ppm(1))),
        Valid("net dup 0.25%", .netDuplication(ppm(2_500))),
        Valid("NET DUP 5%", .netDuplication(ppm(50_000))),
        Valid("link n1 n2 latency 200ms", .link(n(1), n(2), oneWay: false, LinkOverride(latency: .fixed(ms(200))))),
        Valid("link n1 -> n2 loss 50%", .link(n(1), n(2), oneWay: true, LinkOverride(loss: ppm(500_000)))),
        Valid("link n1->n2 dup 1%", .link(n(1), n(2), oneWay: true, LinkOverride(duplication: ppm(10_000)))),
        Valid("link n1 n2 latency 5ms..9ms loss 1% dup 2%",
              .link(n(1), n(2), oneWay: false,
                    LinkOverride(latency: .uniform(ms(5), ms(9)), loss: ppm(10_000), duplication: ppm(20_000)))),
        Valid("link n1 n2 loss 1% loss 2%", .link(n(1), n(2), oneWay: false, LinkOverride(loss: ppm(20_000)))),
        Valid("link n2 n1 latency pareto 1ms 3", .link(n(2), n(1), oneWay: false, LinkOverride(latency: .pareto(minimum: ms(1), alpha: 3)))),
        Valid("link n1 n2 reset", .linkReset(n(1), n(2), oneWay: false)),
        Valid("link n3->n1 reset", .linkReset(n(3), n(1), oneWay: true)),
        Valid("LINK N1 N2 RESET", .linkReset(n(1), n(2), oneWay: false)),
    ]

    static let faultAndClockLines: [Valid] = [
        Valid("cut n1 -> n2", .cut(from: n(1), to: n(2))),
        Valid("cut n1->n2", .cut(from: n(1), to: n(2))),
        Valid("cut n1-> n2", .cut(from: n(1), to: n(2))),
        Valid("cut n1 ->n2", .cut(from: n(1), to: n(2))),
        Valid("partition n1 n2 | n3", .partition([[n(1), n(2)], [n(3)]])),
        Valid("partition n1 n2|n3|n4 n5", .partition([[n(1), n(2)], [n(3)], [n(4), n(5)]])),
        Valid("partition N1 | N2", .partition([[n(1)], [n(2)]])),
        Valid("isolate n3", .isolate(n(3))),
        Valid("heal", .heal),
        Valid("HEAL", .heal),
        Valid("crash n2", .crash(n(2))),
        Valid("crash N2", .crash(n(2))),
        Valid("restart n2", .restart(n(2))),
        Valid("pause n3", .pause(n(3), nil)),
        Valid("pause n3 800ms", .pause(n(3), ms(800))),
        Valid("resume n3", .resume(n(3))),
        Valid("skew n2 +150ms", .skew(n(2), ms(150))),
        Valid("skew n2 -1.5s", .skew(n(2), us(-1_500_000))),
        Valid("skew n2 +0ms", .skew(n(2), .zero)),
        Valid("clock n2 step -300ms", .clockStep(n(2), ms(-300))),
        Valid("clock n2 STEP +1s", .clockStep(n(2), s(1))),
        Valid("drift n3 -200ppm", .drift(n(3), ppm: -200)),
        Valid("drift n3 +50ppm", .drift(n(3), ppm: 50)),
        Valid("drift n3 0ppm", .drift(n(3), ppm: 0)),
        Valid("drift n3 +500000ppm", .drift(n(3), ppm: 500_000)),
        Valid("drift n3 -500000PPM", .drift(n(3), ppm: -500_000)),
    ]

    static let actionAndTimeLines: [Valid] = [
        Valid("local n1", .local(n(1), label: nil)),
        Valid("local n1 a", .local(n(1), label: "a")),
        Valid("local n1 commit:3/x_y.z-w", .local(n(1), label: "commit:3/x_y.z-w")),
        Valid("local n1 " + String(repeating: "x", count: 40), .local(n(1), label: String(repeating: "x", count: 40))),
        Valid("send n1 n2", .send(n(1), n(2), label: nil)),
        Valid("send n1 n2 hello", .send(n(1), n(2), label: "hello")),
        Valid("send N1 N2 Hello", .send(n(1), n(2), label: "Hello")),
        Valid("run 2s", .run(s(2), quiet: false)),
        Valid("run 2s quiet", .run(s(2), quiet: true)),
        Valid("run 2s QUIET", .run(s(2), quiet: true)),
        Valid("run 0s", .run(.zero, quiet: false)),
        Valid("run 500us", .run(us(500), quiet: false)),
        Valid("run 5µs", .run(us(5), quiet: false)),
        Valid("run 1.000001s", .run(us(1_000_001), quiet: false)),
        Valid("run 2m", .run(s(120), quiet: false)),
        Valid("run 1h", .run(s(3_600), quiet: false)),
        Valid("run 2400h", .run(s(8_640_000), quiet: false)),
        Valid("sleep 20ms", .run(ms(20), quiet: false)),
        Valid("live", .live(speed: 1)),
        Valid("live 0.2x", .live(speed: 0.2)),
        Valid("live 5", .live(speed: 5)),
        Valid("live 0.01x", .live(speed: 0.01)),
        Valid("live 100x", .live(speed: 100)),
        Valid("live 1x quiet", .live(speed: 1, showing: .quiet)),
        Valid("live quiet", .live(speed: 1, showing: .quiet)),
        Valid("live 2x only n1 kind note", .live(speed: 2, showing: .only(EventFilter(nodes: [n(1)], kinds: [.note])))),
        Valid("live hide heartbeat", .live(speed: 1, showing: .only(EventFilter(hidden: ["heartbeat"])))),
        Valid("live 0.5x n2 n3 hide heartbeat,prevote?", .live(speed: 0.5, showing: .only(EventFilter(nodes: [n(2), n(3)], hidden: ["heartbeat", "prevote?"])))),
        Valid("show trace hide heartbeat last 5", .show(.trace(last: 5, filter: EventFilter(hidden: ["heartbeat"])))),
        Valid("stop", .stopLive),
        Valid("step", .step(1)),
        Valid("step 10", .step(10)),
        Valid("step 1000000", .step(1_000_000)),
    ]

    static let inspectAndSessionLines: [Valid] = [
        Valid("show nodes", .show(.nodes)),
        Valid("show net", .show(.net)),
        Valid("show clocks", .show(.clocks)),
        Valid("show trace", .show(.trace(last: nil))),
        Valid("show trace last 10", .show(.trace(last: 10))),
        Valid("show event e7", .show(.event(e(7)))),
        Valid("show event E7", .show(.event(e(7)))),
        Valid("show raft", .show(.raft)),
        Valid("spawn 5 raft prevote checkquorum election=150ms..300ms",
              .spawn(.count(5), behaviour: "raft", options: ["prevote", "checkquorum", "election=150ms..300ms"])),
        Valid("raft log n3 1 1 1 4 4 5 5 6 6 6",
              .setUp(n(3), ClientRequest(operation: "log", arguments: ["1", "1", "1", "4", "4", "5", "5", "6", "6", "6"]))),
        Valid("raft term n3 6", .setUp(n(3), ClientRequest(operation: "term", arguments: ["6"]))),
        Valid("timeout n3", .timeout(n(3), timer: "election")),
        Valid("timeout n3 heartbeat", .timeout(n(3), timer: "heartbeat")),
        Valid("check", .check),
        Valid("request n3 put x 1", .request(server: n(3), ClientRequest(operation: "put", arguments: ["x", "1"]))),
        Valid("request n1 get y lease", .request(server: n(1), ClientRequest(operation: "get", arguments: ["y", "lease"]))),
        Valid("request n7 -> n1 get y", .request(server: n(1), client: n(7), ClientRequest(operation: "get", arguments: ["y"]))),
        Valid("request n7->n2 put y 1", .request(server: n(2), client: n(7), ClientRequest(operation: "put", arguments: ["y", "1"]))),
        Valid("show logs", .show(.logs)),
        Valid("show log n3", .show(.log(n(3)))),
        Valid("show kv n2", .show(.store(n(2)))),
        Valid("SHOW NODES", .show(.nodes)),
        Valid("order e3 e9", .order(e(3), e(9))),
        Valid("export trace run.jsonl", .export(.trace, path: "run.jsonl")),
        Valid("export TRACE out/run.jsonl", .export(.trace, path: "out/run.jsonl")),
        Valid("export mermaid run.mmd", .export(.mermaid, path: "run.mmd")),
        Valid("export shiviz run.log", .export(.shiviz, path: "run.log")),
        Valid("diagram", .diagram(nodes: [], from: nil, to: nil, highlight: nil, limit: nil)),
        Valid("diagram n1 n3 from 1.5s to 2s highlight e7 limit 20",
              .diagram(nodes: [n(1), n(3)], from: .milliseconds(1_500), to: .seconds(2), highlight: e(7), limit: 20)),
        Valid("trace window 100000", .traceWindow(100_000)),
        Valid("trace window 100", .traceWindow(100)),
        Valid("trace window 100000000", .traceWindow(100_000_000)),
        Valid("trace window off", .traceWindow(nil)),
        Valid("trace window OFF", .traceWindow(nil)),
        Valid("save lab1.dsb", .save(path: "lab1.dsb", force: false)),
        Valid("save lab1.dsb --force", .save(path: "lab1.dsb", force: true)),
        Valid("load lab1.dsb", .load(path: "lab1.dsb")),
        Valid("record lab1.dsb", .record(path: "lab1.dsb", force: false)),
        Valid("record lab1.dsb --force", .record(path: "lab1.dsb", force: true)),
        Valid("record off", .recordOff),
        Valid("write n1 x 5", .ask(NodeID(1), ClientRequest(operation: "write", arguments: ["x", "5"]))),
        Valid("read n2 x", .ask(NodeID(2), ClientRequest(operation: "read", arguments: ["x"]))),
        Valid("ask n3 start", .ask(NodeID(3), ClientRequest(operation: "start", arguments: []))),
        Valid("ask n3 put x 1", .ask(NodeID(3), ClientRequest(operation: "put", arguments: ["x", "1"]))),
        Valid("ntp n2 from n1", .ntp(client: NodeID(2), server: NodeID(1), every: nil)),
        Valid("ntp n2 from n1 every 10s", .ntp(client: NodeID(2), server: NodeID(1), every: .seconds(10))),
        Valid("ntp n2 off", .ntpOff(NodeID(2))),
        Valid("concurrent", .concurrent(events: [], nodes: [])),
        Valid("concurrent e3 e9 e12", .concurrent(events: [EventID(3), EventID(9), EventID(12)], nodes: [])),
        Valid("concurrent n1 n3", .concurrent(events: [], nodes: [NodeID(1), NodeID(3)])),
        Valid("causal-past e9", .causalPast(EventID(9))),
        Valid("RECORD OFF", .recordOff),
        Valid("reset", .reset),
        Valid("history", .history),
        Valid("expect order e5 -> e7", .expect(.order(e(5), .before, e(7)))),
        Valid("expect order e6 || e9", .expect(.order(e(6), .concurrent, e(9)))),
        Valid("expect order e9 <- e6", .expect(.order(e(9), .after, e(6)))),
        Valid("expect lamport e9 3", .expect(.lamport(e(9), 3))),
        Valid("expect wall e7 -170ms", .expect(.wall(e(7), .milliseconds(-170)))),
        Valid("expect vector e7 n1=2 n2=1", .expect(.vector(e(7), [n(1): 2, n(2): 1]))),
        Valid("expect count deliver 12", .expect(.count(.deliver, 12))),
        Valid("expect dropped 3", .expect(.dropped(3))),
        Valid("expect violation", .expect(.violation(true))),
        Valid("expect no violation", .expect(.violation(false))),
        Valid("help", .help(topic: nil)),
        Valid("help partition", .help(topic: "partition")),
        Valid("help nosuch", .help(topic: "nosuch")),  // the session, not the parser, refuses it
        Valid("? crash", .help(topic: "crash")),
        Valid("?", .help(topic: nil)),
        Valid("quit", .quit),
        Valid("exit", .quit),
        Valid("EXIT", .quit),
    ]

    static let layoutLines: [Valid] = [
        Valid("", nil),
        Valid("   \t ", nil),
        Valid("#", nil),
        Valid("# a comment", nil),
        Valid("   # an indented comment", nil),
        Valid("crash n1 # the leader", .crash(n(1))),
        Valid("crash n1#no space before the comment", .crash(n(1))),
        Valid("send n1 n2 # | -> are inside the comment", .send(n(1), n(2), label: nil)),
        Valid("\tcrash\tn1\t", .crash(n(1))),
        Valid("  crash    n1  ", .crash(n(1))),
        Valid("crash n1\r", .crash(n(1))),
        Valid("partition\tn1\t|\tn2", .partition([[n(1)], [n(2)]])),
    ]

    @Test("valid lines parse to the expected command",
          arguments: nodeAndNetworkLines + faultAndClockLines + actionAndTimeLines + inspectAndSessionLines + layoutLines)
    func validLine(_ valid: Valid) throws {
        switch CommandParser.parse(valid.line) {
        case .success(let parsed):
            #expect(parsed?.command == valid.command, "\(valid.line.debugDescription)")
            if let parsed { #expect(parsed.line == valid.line) }
        case .failure(let error):
            Issue.record("\(valid.line.debugDescription) failed: \(error.rendered)")
        }
    }

    @Test("every command word of the catalog has valid lines in the tables")
    func tablesCoverTheCatalog() {
        let lines = Self.nodeAndNetworkLines + Self.faultAndClockLines + Self.actionAndTimeLines
            + Self.inspectAndSessionLines
        let words = Set(lines.compactMap { Tokenizer.tokens(of: $0.line).first?.text.lowercased() })
        for entry in CommandCatalog.entries {
            #expect(words.contains(entry.word), "no valid line for \(entry.word)")
        }
        for alias in CommandCatalog.aliases.keys {
            #expect(words.contains(alias), "no valid line for the alias \(alias)")
        }
    }

    @Test("every catalog example parses to its own command word", arguments: CommandCatalog.entries.map(\.word))
    func catalogExample(_ word: String) throws {
        let entry = try #require(CommandCatalog.entry(for: word))
        let parsed = try #require(try CommandParser.parse(entry.example).get())
        #expect(parsed.word == word)
        #expect(!entry.usage.isEmpty)
        #expect(entry.usage.allSatisfy { $0.hasPrefix(word) }, "usage lines of \(word) start with the word")
    }

    @Test("aliases resolve to the canonical command word", arguments: [
        ("exit", "quit"), ("?", "help"), ("sleep 1s", "run"), ("Sleep 1s", "run"), ("QUIT", "quit"),
    ])
    func aliasWord(line: String, word: String) throws {
        let parsed = try #require(try CommandParser.parse(line).get())
        #expect(parsed.word == word)
    }

    @Test("a parsed command remembers where each node was first named")
    func nodeColumns() throws {
        let send = try #require(try CommandParser.parse("send n1  N2 hi").get())
        #expect(send.nodeColumns == [Self.n(1): 6, Self.n(2): 10])
        #expect(send.endColumn == 15)
        let partition = try #require(try CommandParser.parse("\tpartition n4|n5 n6").get())
        #expect(partition.nodeColumns == [Self.n(4): 12, Self.n(5): 15, Self.n(6): 18])
        let cut = try #require(try CommandParser.parse("cut n3->n1").get())
        #expect(cut.nodeColumns == [Self.n(3): 5, Self.n(1): 9])
    }

    // MARK: - Tokenizer

    static let tokenCases: [(line: String, expected: [(String, Int)])] = [
        ("n2|n3", [("n2", 1), ("|", 3), ("n3", 4)]),
        ("n1->n2", [("n1", 1), ("->", 3), ("n2", 5)]),
        ("a | b->c", [("a", 1), ("|", 3), ("b", 5), ("->", 6), ("c", 8)]),
        ("\tx\t\ty", [("x", 2), ("y", 5)]),
        ("skew n1 -5ms", [("skew", 1), ("n1", 6), ("-5ms", 9)]),
        ("a->->b", [("a", 1), ("->", 2), ("->", 4), ("b", 6)]),
        ("a-b > c", [("a-b", 1), (">", 5), ("c", 7)]),
        ("x # y | z", [("x", 1)]),
        ("🎉 é x", [("🎉", 1), ("é", 3), ("x", 5)]),
        ("👩‍👩‍👧‍👦|e\u{301}", [("👩‍👩‍👧‍👦", 1), ("|", 2), ("e\u{301}", 3)]),
    ]

    @Test("| and -> are tokens even against a word; columns count characters", arguments: tokenCases)
    func tokens(line: String, expected: [(String, Int)]) {
        let tokens = Tokenizer.tokens(of: line)
        #expect(tokens.map(\.text) == expected.map(\.0), "\(line.debugDescription)")
        #expect(tokens.map(\.column) == expected.map(\.1), "\(line.debugDescription)")
    }

    // MARK: - Invalid lines

    static let unknownCommands: [Invalid] = [
        unknown("crsh n1", 1, "unknown command 'crsh'", "did you mean crash?"),
        unknown("shw nodes", 1, "unknown command 'shw'", "did you mean show?"),
        unknown("  partiton n1 | n2", 3, "unknown command 'partiton'", "did you mean partition?"),
        unknown("restrat n1", 1, "did you mean restart?"),
        unknown("spwan 3", 1, "unknown command 'spwan'", "did you mean spawn?"),
        unknown("shwo raft", 1, "unknown command 'shwo'", "did you mean show?"),
        unknown("s", 1, "unknown command 's'", "did you mean save, seed, send?"),
        unknown("xyzzy", 1, "unknown command 'xyzzy'", "type help for the list"),
        unknown("| n1", 1, "unknown command '|'"),
        unknown("-> n1", 1, "unknown command '->'"),
        unknown("n1 crash", 1, "unknown command 'n1'"),
        unknown("\t\tfoo", 3, "unknown command 'foo'"),
        unknown("🎉 crash n1", 1, "unknown command '🎉'"),
    ]

    static let durationErrors: [Invalid] = [
        bad("run 5", 5, "'5'", "needs a unit", usage: "run"),
        bad("run 5sec", 5, "unknown time unit 'sec'", usage: "run"),
        bad("sleep 5MS", 7, "unknown time unit 'MS'", usage: "run"),
        bad("run 1.5us", 5, "'1.5us'", "whole microseconds", usage: "run"),
        bad("run 1.5.5s", 5, "'1.5.5s'", "not a number", usage: "run"),
        bad("run .5s", 5, "not a number", usage: "run"),
        bad("run ms", 5, "not a number", usage: "run"),
        bad("run 99999999999999s", 5, "too large", usage: "run"),
        bad("run 2401h", 5, "too large", usage: "run"),
        bad("run -1s", 5, "'-1s'", "cannot have a sign", usage: "run"),
        bad("run +1s", 5, "cannot have a sign", usage: "run"),
        bad("run -0ms", 5, "cannot have a sign", usage: "run"),
        bad("run 5ms loud", 9, "unexpected 'loud'", usage: "run"),
        bad("pause n1 0ms", 10, "more than 0", usage: "pause"),
        bad("pause n1 -5ms", 10, "cannot have a sign", usage: "pause"),
        bad("skew n1 150ms", 9, "'150ms'", "write the direction", usage: "skew"),
        bad("skew n1 +5", 9, "needs a unit", usage: "skew"),
        bad("skew n1 +", 9, "not a number", usage: "skew"),
        bad("clock n1 step 300ms", 15, "write the direction", usage: "clock"),
        bad("clock n1 jump +1s", 10, "expected clock action (step), got 'jump'", usage: "clock"),
        bad("live 0x", 6, "'0x'", "the speed goes from 0.01x to 100x", usage: "live"),
        bad("live 101x", 6, "the speed goes from 0.01x to 100x", usage: "live"),
        bad("live fast", 6, "'fast' is not a speed", usage: "live"),
        bad("live 1x quiet n1", 15, "unexpected 'n1'", usage: "live"),
        bad("live 1x only last 5", 14, "unexpected 'last': live takes nodes, kind, hide", usage: "live"),
        bad("live hide", 10, "missing words to hide", usage: "live"),
        bad("show trace hide heart$beat", 17, "hide takes words separated by commas", usage: "show"),
        bad("live -1x", 6, "is not a speed", usage: "live"),
        bad("live x", 6, "is not a speed", usage: "live"),
        bad("live 1.2.3x", 6, "is not a speed", usage: "live"),
        bad("live 1x 2x", 9, "unexpected '2x'", usage: "live"),
    ]

    static let latencyErrors: [Invalid] = [
        bad("net latency -5ms", 13, "a latency cannot have a sign", usage: "net"),
        bad("net latency 5ms..1ms", 13, "'5ms..1ms'", "the minimum is above the maximum", usage: "net"),
        bad("net latency 5ms..-1ms", 13, "not a latency range", usage: "net"),
        bad("net latency -1ms..5ms", 13, "not a latency range", usage: "net"),
        bad("net latency 5ms..", 13, "not a latency range", usage: "net"),
        bad("net latency ..5ms", 13, "not a latency range", usage: "net"),
        bad("net latency 5..9ms", 13, "not a latency range", usage: "net"),
        bad("net latency 1.5us..2us", 13, "not a latency range", usage: "net"),
        bad("net latency pareto 0ms", 20, "more than 0", usage: "net"),
        bad("net latency pareto 5ms 11", 24, "Pareto shape must be between 0.5 and 10", usage: "net"),
        bad("net latency pareto 5ms 0.1", 24, "Pareto shape", usage: "net"),
        bad("net latency pareto 5ms nan", 24, "Pareto shape", usage: "net"),
        bad("net latency pareto 5ms 2 3", 26, "unexpected '3'", usage: "net"),
        bad("net speed 5ms", 5, "expected setting (latency, loss, dup), got 'speed'", usage: "net"),
        bad("link n1 n2 latency -3ms", 20, "cannot have a sign", usage: "link"),
        bad("link n1 n2 speed 3ms", 12, "expected link setting", "got 'speed'", usage: "link"),
        bad("link n1 n2 latency 3ms reset", 24, "expected link setting", "got 'reset'", usage: "link"),
    ]

    static let percentageErrors: [Invalid] = [
        bad("net loss 101%", 10, "'101%'", "up to 100%", usage: "net"),
        bad("net loss 100.0001%", 10, "up to 100%", usage: "net"),
        bad("net loss 999%", 10, "up to 100%", usage: "net"),
        bad("net loss 0.00001%", 10, "'0.00001%'", "at most four decimals", usage: "net"),
        bad("net loss 12.34567%", 10, "at most four decimals", usage: "net"),
        bad("net loss 5.%", 10, "'5.%'", usage: "net"),
        bad("net loss .5%", 10, "not a percentage", usage: "net"),
        bad("net dup 10", 9, "'10'", "write a percentage", usage: "net"),
        bad("net dup -5%", 9, "not a percentage", usage: "net"),
        bad("net dup 1.2.3%", 9, "not a percentage", usage: "net"),
        bad("link n1 n2 loss 150%", 17, "up to 100%", usage: "link"),
        bad("link n1 -> n2 dup 1.23456%", 19, "at most four decimals", usage: "link"),
    ]

    static let nodeAndGroupErrors: [Invalid] = [
        bad("crash n0", 7, "'n0' is not a node", "n100000", usage: "crash"),
        bad("crash n100001", 7, "'n100001' is not a node", usage: "crash"),
        bad("crash n-1", 7, "'n-1' is not a node", usage: "crash"),
        bad("crash x1", 7, "'x1' is not a node", usage: "crash"),
        bad("crash n", 7, "'n' is not a node", usage: "crash"),
        bad("CRASH N0", 7, "'N0' is not a node", usage: "crash"),
        bad("\tcrash\tn0", 8, "'n0' is not a node", usage: "crash"),
        bad("crash 🎉 n1", 7, "'🎉' is not a node", usage: "crash"),
        bad("local e\u{301} n1", 7, "is not a node", usage: "local"),
        bad("send n1 n2 n3 n4", 15, "unexpected 'n4'", usage: "send"),
        bad("spawn 3 paxos", 9, "unknown behaviour 'paxos'", usage: "spawn"),
        bad("spawn n1 n2 3", 13, "unknown behaviour '3'", usage: "spawn"),
        bad("spawn 0", 7, "count must be between 1 and 10000", usage: "spawn"),
        bad("spawn 10001", 7, "count must be between 1 and 10000", usage: "spawn"),
        bad("spawn 3 echo flood", 14, "'flood': echo takes no options", usage: "spawn"),
        bad("spawn 3 raft fast", 14, "'fast': raft options", usage: "spawn"),
        bad("spawn 3 raft election=300ms..150ms", 14, "election=150ms..300ms", usage: "spawn"),
        bad("raft log n3 4 x", 15, "'x' is not a whole number", usage: "raft"),
        bad("raft term n3", 13, "missing term", usage: "raft"),
        bad("timeout", 8, "missing node", usage: "timeout"),
        bad("check now", 7, "unexpected 'now'", usage: "check"),
        bad("partition n1 n2 | n1", 19, "n1 appears twice", usage: "partition"),
        bad("partition n1|n2|n1", 17, "n1 appears twice", usage: "partition"),
        bad("partition N3 n3", 14, "n3 appears twice", usage: "partition"),
        bad("partition n1 | | n2", 16, "empty group before '|'", usage: "partition"),
        bad("partition | n1", 11, "empty group before '|'", usage: "partition"),
        bad("partition n1||n2", 14, "empty group before '|'", usage: "partition"),
        bad("partition n1 n2 |", 18, "empty group after '|'", usage: "partition"),
        bad("partition", 10, "missing nodes", usage: "partition"),
        bad("partition n1", 13, "separate the groups with |", usage: "partition"),
        bad("partition n1 n2 n3", 19, "separate the groups with |", usage: "partition"),
        bad("request n7 -> put x 1", 15, "'put' is not a node", usage: "request"),
        bad("show rfat", 6, "got 'rfat'; did you mean raft?", usage: "show"),
        bad("net latncy 5ms", 5, "did you mean latency?", usage: "net"),
        bad("partition n1 n0", 14, "'n0' is not a node", usage: "partition"),
        bad("partition n1 -> n2", 14, "'->' is not a node", usage: "partition"),
        bad("cut n1 n2", 8, "write the direction with ->", usage: "cut"),
        bad("cut n1", 7, "write the direction with ->", usage: "cut"),
        bad("cut n1 | n2", 8, "write the direction with ->", usage: "cut"),
        bad("cut n1 ->", 10, "missing node", usage: "cut"),
        bad("cut -> n2", 5, "'->' is not a node", usage: "cut"),
        bad("cut n1 -> n2 n3", 14, "unexpected 'n3'", usage: "cut"),
        bad("link n1 -> -> n2 loss 1%", 12, "'->' is not a node", usage: "link"),
    ]

    static let numberAndLabelErrors: [Invalid] = [
        bad("drift n1 +500001ppm", 10, "within ±500000ppm", usage: "drift"),
        bad("drift n1 -600000ppm", 10, "within ±500000ppm", usage: "drift"),
        bad("drift n1 -200", 10, "'-200'", "parts per million", usage: "drift"),
        bad("drift n1 fastppm", 10, "'fastppm' is not a drift in ppm", usage: "drift"),
        bad("drift n1 ppm", 10, "is not a drift in ppm", usage: "drift"),
        bad("drift n1 +-5ppm", 10, "is not a drift in ppm", usage: "drift"),
        bad("local n1 héllo", 10, "'héllo'", "labels are up to 40 letters, digits and _ . : / -", usage: "local"),
        bad("send n1 n2 a,b", 12, "'a,b'", "labels are", usage: "send"),
        bad("send n1 n2 🎉", 12, "labels are", usage: "send"),
        bad("local n1 " + String(repeating: "x", count: 41), 10, "labels are up to 40", usage: "local"),
        bad("local n1 a b", 12, "unexpected 'b'", usage: "local"),
        bad("step 0", 6, "count must be between 1 and 1000000000", usage: "step"),
        bad("step 1000000001", 6, "count must be between 1 and 1000000000", usage: "step"),
        bad("step x", 6, "'x' is not a whole number", usage: "step"),
        bad("step 1.5", 6, "not a whole number", usage: "step"),
        bad("step 99999999999999999999", 6, "count must be between 1 and 1000000000", usage: "step"),
        bad("seed -1", 6, "seed must be between 0 and", usage: "seed"),
        bad("seed abc", 6, "'abc' is not a whole number", usage: "seed"),
        bad("trace window 99", 14, "window must be between 100 and 100000000", usage: "trace"),
        bad("trace window on", 14, "'on' is not a whole number", usage: "trace"),
        bad("trace log 100", 7, "expected trace setting (window), got 'log'", usage: "trace"),
        bad("show trace last 0", 17, "N must be between 1 and 2147483647", usage: "show"),
        bad("show trace last 10001", 17, "show trace lists at most 10000 events", "export trace", usage: "show"),
        bad("show everything", 6, "expected what to show", "got 'everything'", usage: "show"),
        bad("show event 7", 12, "'7' is not an event", usage: "show"),
        bad("show event e0", 12, "'e0' is not an event", usage: "show"),
        bad("order e1 x", 10, "'x' is not an event", usage: "order"),
        bad("order n1 e2", 7, "'n1' is not an event", usage: "order"),
        bad("export log a.jsonl", 8, "expected format (trace, mermaid, shiviz), got 'log'", usage: "export"),
        bad("diagram n1 sideways", 12, "expected diagram option", usage: "diagram"),
        bad("diagram from 2s to 1s", 22, "'to' comes before 'from'", usage: "diagram"),
        bad("diagram highlight n1", 19, "'n1' is not an event", usage: "diagram"),
        bad("save a\u{1}b", 6, "not a usable file name", usage: "save"),
    ]

    static let trailingWords: [Invalid] = [
        bad("heal now", 6, "unexpected 'now'", usage: "heal"),
        bad("reset all", 7, "unexpected 'all'", usage: "reset"),
        bad("quit now", 6, "unexpected 'now'", usage: "quit"),
        bad("exit 0", 6, "unexpected '0'", usage: "quit"),
        bad("show nodes all", 12, "unexpected 'all'", usage: "show"),
        bad("show trace first 5", 12, "unexpected 'first'", usage: "show"),
        bad("show trace last 5 more", 19, "unexpected 'more'", usage: "show"),
        bad("help crash more", 12, "unexpected 'more'", usage: "help"),
        bad("help 🎉 x", 8, "unexpected 'x'", usage: "help"),
        bad("crash n1 e\u{301}x", 10, "unexpected", usage: "crash"),
        bad("save a.dsb force", 12, "unexpected 'force'", usage: "save"),
        bad("load a.dsb --force", 12, "unexpected '--force'", usage: "load"),
        bad("trace window 1000 off", 19, "unexpected 'off'", usage: "trace"),
        bad("stop now", 6, "unexpected 'now'", usage: "stop"),
        bad("record off now", 12, "unexpected 'now'", usage: "record"),
        bad("record a.dsb --force x", 22, "unexpected 'x'", usage: "record"),
        bad("record --force", 8, "missing file name before '--force'", usage: "record"),
        bad("write n1 x", 11, "missing label", usage: "write"),
        bad("read n1 x y", 11, "unexpected 'y'", usage: "read"),
        bad("ask n1", 7, "missing label", usage: "ask"),
        bad("ntp n2 n1", 8, "expected 'from' or 'off'", usage: "ntp"),
        bad("ntp n2 from n1 every 0s", 22, "must be more than 0", usage: "ntp"),
        bad("concurrent e1 n2", 15, "name events or nodes, not both", usage: "concurrent"),
        bad("causal-past n1", 13, "'n1' is not an event", usage: "causal-past"),
        bad("order e1 e2 e3", 13, "unexpected 'e3'", usage: "order"),
        bad("step 1 2", 8, "unexpected '2'", usage: "step"),
        bad("isolate n1 | n2", 12, "unexpected '|'", usage: "isolate"),
        bad("resume n1 5ms", 11, "unexpected '5ms'", usage: "resume"),
        bad("crash n1 n2 # two nodes", 10, "unexpected 'n2'", usage: "crash"),
        bad("skew n1 +5ms +5ms", 14, "unexpected '+5ms'", usage: "skew"),
    ]

    /// A missing word is reported one past the end of the line.
    static let missingWords: [Invalid] = [
        bad("seed", 5, "missing seed", usage: "seed"),
        bad("spawn", 6, "missing node", usage: "spawn"),
        bad("net", 4, "missing setting", usage: "net"),
        bad("net loss", 9, "missing percentage", usage: "net"),
        bad("net latency", 12, "missing latency", usage: "net"),
        bad("net latency pareto", 19, "missing duration", usage: "net"),
        bad("link n1", 8, "missing node", usage: "link"),
        bad("link n1 ->", 11, "missing node", usage: "link"),
        bad("link n1 n2", 11, "missing link setting", usage: "link"),
        bad("link n1 n2 latency", 19, "missing latency", usage: "link"),
        bad("link n1 n2 dup", 15, "missing percentage", usage: "link"),
        bad("isolate", 8, "missing node", usage: "isolate"),
        bad("crash", 6, "missing node", usage: "crash"),
        bad("crash  ", 8, "missing node", usage: "crash"),
        bad("restart", 8, "missing node", usage: "restart"),
        bad("pause", 6, "missing node", usage: "pause"),
        bad("resume", 7, "missing node", usage: "resume"),
        bad("skew n1", 8, "missing signed duration", usage: "skew"),
        bad("clock n1", 9, "missing clock action", usage: "clock"),
        bad("clock n1 step", 14, "missing signed duration", usage: "clock"),
        bad("drift n1", 9, "missing drift", usage: "drift"),
        bad("local", 6, "missing node", usage: "local"),
        bad("send n1", 8, "missing node", usage: "send"),
        bad("run", 4, "missing duration", usage: "run"),
        bad("sleep", 6, "missing duration", usage: "run"),
        bad("show", 5, "missing what to show", usage: "show"),
        bad("show event", 11, "missing event", usage: "show"),
        bad("show trace last", 16, "missing N", usage: "show"),
        bad("order e1", 9, "missing event", usage: "order"),
        bad("export", 7, "missing format", usage: "export"),
        bad("export trace", 13, "missing file name", usage: "export"),
        bad("trace", 6, "missing trace setting", usage: "trace"),
        bad("trace window", 13, "missing window", usage: "trace"),
        bad("save", 5, "missing file name", usage: "save"),
        bad("load", 5, "missing file name", usage: "load"),
        bad("record", 7, "missing file name", usage: "record"),
    ]

    @Test("invalid lines fail at the offending word, say why, and show the usage",
          arguments: unknownCommands + durationErrors + latencyErrors + percentageErrors + nodeAndGroupErrors
            + numberAndLabelErrors + trailingWords + missingWords)
    func invalidLine(_ invalid: Invalid) throws {
        let error = try #require(Self.failure(invalid.line), "\(invalid.line.debugDescription) should not parse")
        #expect(error.column == invalid.column, "\(invalid.line.debugDescription): \(error.message)")
        for fragment in invalid.fragments {
            #expect(error.message.contains(fragment), "\(invalid.line.debugDescription): '\(error.message)' lacks '\(fragment)'")
        }
        if let word = invalid.usageOf {
            let usage = try #require(CommandCatalog.entry(for: word)?.usage)
            #expect(!usage.isEmpty)
            #expect(error.usage == usage, "\(invalid.line.debugDescription)")
        } else {
            #expect(error.usage.isEmpty, "an unknown command has no usage to show")
        }
        #expect(error.rendered.hasPrefix("error: column \(invalid.column): "))
    }

    @Test("an error never points past one beyond the end of the line")
    func columnsStayOnTheLine() {
        let lines = (Self.unknownCommands + Self.durationErrors + Self.latencyErrors + Self.percentageErrors
            + Self.nodeAndGroupErrors + Self.numberAndLabelErrors + Self.trailingWords + Self.missingWords).map(\.line)
        for line in lines {
            guard let error = Self.failure(line) else { continue }
            #expect((1...line.count + 1).contains(error.column), "\(line.debugDescription)")
        }
    }

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
