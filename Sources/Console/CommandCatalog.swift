import Views

/// Every command's usage, meaning and example, in one place: the parser's error
/// messages and `help` both read it.
public enum CommandCatalog {
    /// One command word and how to use it.
    public struct Entry: Sendable {
        public let word: String
        public let group: String
        /// All forms in one short line, for the `help` overview.
        public let synopsis: String
        public let usage: [String]
        public let summary: String
        public let example: String

        init(word: String, group: String, synopsis: String? = nil, usage: [String], summary: String, example: String) {
            self.word = word
            self.group = group
            self.synopsis = synopsis ?? usage[0]
            self.usage = usage
            self.summary = summary
            self.example = example
        }
    }

    /// Groups in the order `help` lists them.
    public static let groups = ["nodes", "network", "faults", "clocks", "actions", "time", "inspect", "session"]

    public static let entries: [Entry] = [
        Entry(word: "spawn", group: "nodes", synopsis: "spawn COUNT|NODE... [BEHAVIOUR]", usage: ["spawn COUNT [BEHAVIOUR [OPTION...]]", "spawn NODE... [BEHAVIOUR [OPTION...]]"],
              summary: "create nodes running a behaviour (default none; help spawn lists them)", example: "spawn 3 echo"),
        Entry(word: "net", group: "network", synopsis: "net latency|loss|dup VALUE",
              usage: ["net latency DURATION", "net latency MIN..MAX", "net latency pareto MIN [ALPHA]",
                      "net loss PERCENT", "net dup PERCENT"],
              summary: "set latency, loss or duplication of every link", example: "net latency 5ms..50ms"),
        Entry(word: "link", group: "network", synopsis: "link NODE [->] NODE SETTING VALUE",
              usage: ["link NODE NODE latency|loss|dup VALUE...", "link NODE -> NODE latency|loss|dup VALUE...",
                      "link NODE NODE reset"],
              summary: "override one link (both ways, or one way with ->)", example: "link n1 n2 latency 200ms"),
        Entry(word: "partition", group: "faults", synopsis: "partition NODE... | NODE...", usage: ["partition NODE... | NODE... [| NODE...]"],
              summary: "split the network into groups; unnamed nodes form one more group", example: "partition n1 n2 | n3 n4 n5"),
        Entry(word: "isolate", group: "faults", usage: ["isolate NODE"],
              summary: "cut a node off from every other node", example: "isolate n3"),
        Entry(word: "cut", group: "faults", usage: ["cut NODE -> NODE"],
              summary: "drop messages in one direction only", example: "cut n1 -> n2"),
        Entry(word: "heal", group: "faults", usage: ["heal"],
              summary: "remove partitions, isolation and cuts (link settings stay)", example: "heal"),
        Entry(word: "crash", group: "faults", usage: ["crash NODE"],
              summary: "stop a node: volatile state lost, durable storage kept", example: "crash n2"),
        Entry(word: "restart", group: "faults", usage: ["restart NODE"],
              summary: "bring a crashed node back from its durable storage", example: "restart n2"),
        Entry(word: "pause", group: "faults", usage: ["pause NODE [DURATION]"],
              summary: "freeze a node (a GC pause); its inputs wait until resume", example: "pause n3 800ms"),
        Entry(word: "resume", group: "faults", usage: ["resume NODE"],
              summary: "unfreeze a paused node; it handles what waited", example: "resume n3"),
        Entry(word: "skew", group: "clocks", synopsis: "skew NODE ±DURATION", usage: ["skew NODE +DURATION|-DURATION"],
              summary: "set how far a node's wall clock is from true time", example: "skew n2 +150ms"),
        Entry(word: "drift", group: "clocks", synopsis: "drift NODE ±PPM", usage: ["drift NODE +PPM|-PPM"],
              summary: "make a node's clock run fast or slow (parts per million)", example: "drift n3 -200ppm"),
        Entry(word: "clock", group: "clocks", synopsis: "clock NODE step ±DURATION", usage: ["clock NODE step +DURATION|-DURATION"],
              summary: "step a node's wall clock (the monotonic clock does not move)", example: "clock n2 step -300ms"),
        Entry(word: "ntp", group: "clocks", usage: ["ntp NODE from NODE [every DURATION]", "ntp NODE off"],
              summary: "synchronise a node's clock with another's over the network (NTP)",
              example: "ntp n2 from n1 every 10s"),
        Entry(word: "raft", group: "actions", usage: ["raft log NODE TERM...", "raft term NODE TERM"],
              summary: "set up a Raft exercise: a server's log (raft log, terms by index) or its current term (raft term)",
              example: "raft log n3 1 1 1 4 4 5 5 6 6 6"),
        Entry(word: "timeout", group: "actions", usage: ["timeout NODE [TIMER]"],
              summary: "fire a node's timer now (by default its election timeout)", example: "timeout n3"),
        Entry(word: "local", group: "actions", usage: ["local NODE [LABEL]"],
              summary: "a local event at a node", example: "local n1 a"),
        Entry(word: "send", group: "actions", usage: ["send NODE NODE [LABEL]"],
              summary: "make the first node send a message to the second", example: "send n1 n2 hello"),
        Entry(word: "write", group: "actions", usage: ["write NODE KEY VALUE"],
              summary: "a client writes to a register node (lww, lww-lamport, mvr)", example: "write n1 x 5"),
        Entry(word: "read", group: "actions", usage: ["read NODE KEY"],
              summary: "a client reads a register node's value", example: "read n2 x"),
        Entry(word: "request", group: "actions", usage: ["request NODE OPERATION [WORD...]", "request CLIENT -> NODE OPERATION [WORD...]"],
              summary: "a client endpoint sends a command to a raft node over the network (put, get [lease], delete, cas)",
              example: "request n3 put x 1"),
        Entry(word: "ask", group: "actions", usage: ["ask NODE OPERATION [WORD...]"],
              summary: "a client makes any request of a node's behaviour", example: "ask n1 start"),
        Entry(word: "run", group: "time", usage: ["run DURATION [quiet]"],
              summary: "advance virtual time, handling every event due", example: "run 2s"),
        Entry(word: "live", group: "time", synopsis: "live [SPEED] [quiet|FILTER]", usage: ["live [SPEED] [quiet]", "live [SPEED] [only] [NODE...] [kind KIND,...] [hide WORD,...]"],
              summary: "let virtual time follow the wall clock (at the prompt); type commands as it runs",
              example: "live 0.2x"),
        Entry(word: "stop", group: "time", usage: ["stop"],
              summary: "leave live mode (Ctrl-C does too)", example: "stop"),
        Entry(word: "step", group: "time", usage: ["step [COUNT] [quiet]"],
              summary: "handle the next pending event (a delivery, a timer), or COUNT of them; each may record several trace events",
              example: "step 10"),
        Entry(word: "show", group: "inspect", synopsis: "show nodes|net|clocks|trace|raft|...",
              usage: ["show nodes", "show net", "show clocks", "show trace [NODE...] [kind KIND,...] [hide WORD,...] [from TIME] [to TIME] [last N]", "show event EVENT",
                      "show raft", "show log NODE", "show logs [from INDEX [to INDEX]]", "show logs INDEX..INDEX",
                      "show kv NODE"],
              summary: "inspect nodes, network, clocks, the trace, or Raft state", example: "show trace last 10"),
        Entry(word: "order", group: "inspect", usage: ["order EVENT EVENT"],
              summary: "happens-before: prints A -> B, B -> A or A || B", example: "order e3 e9"),
        Entry(word: "expect", group: "inspect", synopsis: "expect CLAIM",
              usage: ["expect order EVENT ->|<-|'||' EVENT", "expect lamport EVENT N", "expect wall EVENT TIME", "expect vector EVENT [NODE=N...]",
                      "expect count KIND N", "expect dropped N", "expect [no] violation"],
              summary: "state a claim about the trace; a false claim is an error, so a script stops there",
              example: "expect order e5 -> e7"),
        Entry(word: "check", group: "inspect", usage: ["check"],
              summary: "report the safety invariants checked after every event (Raft)", example: "check"),
        Entry(word: "concurrent", group: "inspect", usage: ["concurrent [EVENT...]", "concurrent NODE..."],
              summary: "every concurrent pair among the events named, the events of the nodes named, or all",
              example: "concurrent n1 n2"),
        Entry(word: "causal-past", group: "inspect", usage: ["causal-past EVENT"],
              summary: "the events that happen before an event", example: "causal-past e9"),
        Entry(word: "diagram", group: "inspect", synopsis: "diagram [NODE...] [from T] [to T]",
              usage: ["diagram [NODE...] [from TIME] [to TIME] [highlight EVENT] [limit N]"],
              summary: "a space-time diagram: lanes per node, message arrows, vectors", example: "diagram n1 n2 n3 highlight e7"),
        Entry(word: "export", group: "inspect", synopsis: "export trace|mermaid|shiviz FILE",
              usage: ["export trace FILE.jsonl [--force]", "export mermaid FILE.mmd [--force]", "export shiviz FILE.log [--force]"],
              summary: "write the trace as JSON Lines, a Mermaid sequence diagram or a ShiViz log", example: "export trace run.jsonl"),
        Entry(word: "trace", group: "inspect", usage: ["trace window COUNT|off"],
              summary: "keep only the newest COUNT events (for huge runs)", example: "trace window 100000"),
        Entry(word: "seed", group: "session", usage: ["seed NUMBER"],
              summary: "set the random seed (before anything else happens)", example: "seed 42"),
        Entry(word: "save", group: "session", usage: ["save FILE.dsb [--force]"],
              summary: "write the session so far as a replayable script", example: "save lab1.dsb"),
        Entry(word: "load", group: "session", usage: ["load FILE.dsb"],
              summary: "run the commands of a script in this session", example: "load lab1.dsb"),
        Entry(word: "record", group: "session", usage: ["record FILE.dsb [--force]", "record off"],
              summary: "keep writing the session to FILE.dsb and its transcript to FILE.out", example: "record lab1.dsb"),
        Entry(word: "history", group: "session", usage: ["history"],
              summary: "list the commands save would write, in order", example: "history"),
        Entry(word: "reset", group: "session", usage: ["reset"],
              summary: "start over: no nodes, time 0, same seed", example: "reset"),
        Entry(word: "help", group: "session", usage: ["help [COMMAND]"],
              summary: "list commands, or explain one", example: "help partition"),
        Entry(word: "quit", group: "session", usage: ["quit"], summary: "leave dsbox", example: "quit"),
    ]

    /// Alternative spellings accepted for command words.
    public static let aliases: [String: String] = ["exit": "quit", "?": "help", "sleep": "run"]

    public static func entry(for word: String) -> Entry? {
        let word = aliases[word.lowercased()] ?? word.lowercased()
        return entries.first { $0.word == word }
    }

    /// Command words closest to a misspelt one, for "did you mean".
    public static func suggestions(for word: String) -> [String] {
        closest(to: word, among: entries.map(\.word))
    }

    /// Up to three of `choices` within a typo of `word` (about one edit per three letters),
    /// or that `word` begins, nearest first.
    static func closest(to word: String, among choices: [String]) -> [String] {
        let word = word.lowercased()
        let allowed = max(1, word.count / 3)
        // Words whose lengths differ by more than the allowed distance cannot be close,
        // so long garbage costs nothing.
        let plausible = choices.filter { abs($0.count - word.count) <= allowed || $0.hasPrefix(word) }
        let scored: [(word: String, distance: Int)] = plausible.map { ($0, editDistance($0, word)) }
        let close = scored.filter { $0.distance <= allowed || $0.word.hasPrefix(word) }
        let ranked = close.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.word < $1.word }
        return ranked.prefix(3).map(\.word)
    }

    /// Edit distance with adjacent transpositions counted as one edit (the "optimal
    /// string alignment" form of Damerau-Levenshtein), so `spwan` is one edit from
    /// `spawn`, as a typist would count it.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }

    /// `help`: every command, grouped, wrapped to `width` columns.
    public static func overview(width: Int = 80) -> String {
        var lines: [String] = []
        let column = 2 + (entries.map(\.synopsis.count).max() ?? 0) + 2
        for group in groups {
            lines.append(group + ":")
            for entry in entries where entry.group == group {
                lines.append(TextWrap.hanging(("  " + entry.synopsis).padding(toWidth: column), entry.summary, width: width))
            }
        }
        lines.append(TextWrap.hanging("", "Durations: 500us, 20ms, 1.5s, 2m. Nodes: n1, n2, … Events: e1, e2, … '#' starts a comment. "
            + "help COMMAND explains one command.", width: width))
        return lines.joined(separator: "\n")
    }

    /// `help COMMAND`, wrapped to `width` columns.
    public static func help(for entry: Entry, width: Int = 80) -> String {
        var lines = [TextWrap.hanging("\(entry.word): ", entry.summary, width: width, indent: 2)]
        for (index, usage) in entry.usage.enumerated() {
            lines.append(TextWrap.hanging(index == 0 ? "  usage:   " : String(repeating: " ", count: 11), usage, width: width, indent: 13))
        }
        lines.append("  example: " + entry.example)
        return lines.joined(separator: "\n")
    }
}
