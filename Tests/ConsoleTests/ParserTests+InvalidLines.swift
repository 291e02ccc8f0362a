import Console
import SandboxCore
import Simulator
import Testing

/// Lines the parser refuses: each fails at the offending word, says why, and shows the
/// command's usage.
extension ParserTests {
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
            let usage = try #require(CommandCatalog.standard.entry(for: word)?.usage)
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
}
