import Console
import SandboxCore
import Simulator
import ProtocolKit
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
        Valid("show raft", .show(.view("raft", form: 0, Arguments([])))),
        Valid("spawn 5 raft prevote checkquorum election=150ms..300ms",
              .spawn(.count(5), behaviour: "raft", options: ["prevote", "checkquorum", "election=150ms..300ms"])),
        Valid("raft log n3 1 1 1 4 4 5 5 6 6 6",
              .setUp(n(3), ClientRequest(operation: "log", arguments: ["1", "1", "1", "4", "4", "5", "5", "6", "6", "6"]))),
        Valid("raft term n3 6", .setUp(n(3), ClientRequest(operation: "term", arguments: ["6"]))),
        Valid("timeout n3", .timeout(n(3), timer: nil)),
        Valid("timeout n3 heartbeat", .timeout(n(3), timer: "heartbeat")),
        Valid("check", .check),
        Valid("request n3 put x 1", .request(server: n(3), ClientRequest(operation: "put", arguments: ["x", "1"]))),
        Valid("request n1 get y lease", .request(server: n(1), ClientRequest(operation: "get", arguments: ["y", "lease"]))),
        Valid("request n7 -> n1 get y", .request(server: n(1), client: n(7), ClientRequest(operation: "get", arguments: ["y"]))),
        Valid("request n7->n2 put y 1", .request(server: n(2), client: n(7), ClientRequest(operation: "put", arguments: ["y", "1"]))),
        Valid("show logs", .show(.view("logs", form: 0, Arguments([])))),
        Valid("show log n3", .show(.view("log", form: 0, Arguments([.node(n(3))])))),
        Valid("show kv n2", .show(.view("kv", form: 0, Arguments([.node(n(2))])))),
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
        for entry in CommandCatalog.standard.entries {
            #expect(words.contains(entry.word), "no valid line for \(entry.word)")
        }
        for alias in CommandCatalog.aliases.keys {
            #expect(words.contains(alias), "no valid line for the alias \(alias)")
        }
    }

    @Test("every catalog example parses to its own command word", arguments: CommandCatalog.standard.entries.map(\.word))
    func catalogExample(_ word: String) throws {
        let entry = try #require(CommandCatalog.standard.entry(for: word))
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
}
