import ProtocolKit
import Console
import Protocols
import Testing

/// Tab completion: what each position of each command offers.
@Suite struct CompleterTests {
    static let context = CompletionContext(nodes: ["n1", "n2", "n3", "n10"], lastEvent: 42)
    static let files: Completer.DirectoryLister = { directory in
        switch directory {
        case ".": ["tour.dsb", "tour.out", "lib/", "notes.txt", ".hidden.dsb", "trace.jsonl"]
        case "lib/": ["echo-pair.dsb"]
        default: []
        }
    }

    func complete(_ line: String) -> [String] {
        Completer.candidates(for: line, context: Self.context, listDirectory: Self.files)
    }

    @Test func commandWords() {
        #expect(complete("spa") == ["spawn"])
        // In the catalog's order, which is the order `help` lists them in.
        #expect(complete("s") == ["spawn", "skew", "send", "stop", "step", "show", "seed", "save"])
        #expect(complete("").count == CommandCatalog.standard.entries.count + 1)  // every word, and exit
        #expect(complete("xyz").isEmpty)
    }

    @Test func subWords() {
        #expect(complete("net l") == ["latency", "loss"])
        #expect(complete("show ") == ["nodes", "net", "clocks", "trace", "event", "raft", "log", "logs", "kv"])
        #expect(complete("show log ") == ["n1", "n2", "n3", "n10"])
        #expect(complete("show t") == ["trace"])
        #expect(complete("show trace ") == ["n1", "n2", "n3", "n10", "kind", "hide", "from", "to", "last"])
        #expect(complete("show trace n1 kind ").contains("deliver"))
        #expect(complete("show trace n1 kind send ") == ["n2", "n3", "n10", "hide", "from", "to", "last"])
        #expect(complete("show trace last ").isEmpty)
        #expect(complete("show logs ") == ["from"])
        #expect(complete("live 1x ") == ["quiet", "n1", "n2", "n3", "n10", "only", "kind", "hide"])
        #expect(complete("live 1x only ") == ["n1", "n2", "n3", "n10", "kind", "hide"])
        #expect(complete("live 1x quiet ").isEmpty)
        #expect(complete("step 3 ") == ["quiet"])
        #expect(complete("expect ") == ["order", "lamport", "wall", "vector", "count", "dropped", "violation", "no",
                                        "leader", "role", "committed", "kv"])
        #expect(complete("expect role n2 ") == ["follower", "precandidate", "candidate", "leader"])
        #expect(complete("expect kv ") == ["n1", "n2", "n3", "n10"])
        #expect(complete("raft ") == ["log", "term"])
        #expect(complete("raft term ") == ["n1", "n2", "n3", "n10"])
        #expect(complete("spawn 3 raft ") == ["prevote", "checkquorum", "noop=", "election=", "heartbeat=", "unsafe="])
        #expect(complete("spawn 3 raft prevote ") == ["checkquorum", "noop=", "election=", "heartbeat=", "unsafe="])
        #expect(complete("expect order e5 ") == ["->", "<-", "||"])
        #expect(complete("expect order e5 -> e4") == ["e4", "e40", "e41", "e42"])
        #expect(complete("expect no ") == ["violation"])
        #expect(complete("net latency ") == ["pareto"])
        #expect(complete("export ") == ["trace", "mermaid", "shiviz"])
        #expect(complete("diagram n1 highlight e4") == ["e4", "e40", "e41", "e42"])
        #expect(complete("trace ") == ["window"])
        #expect(complete("clock n1 ") == ["step"])
        #expect(complete("run 2s ") == ["quiet"])
    }

    @Test func nodeIdsThatExistNow() {
        #expect(complete("crash n") == ["n1", "n2", "n3", "n10"])
        #expect(complete("crash n1") == ["n1", "n10"])
        #expect(complete("send n1 ") == ["n1", "n2", "n3", "n10"])
        #expect(complete("send n1 n2 ").isEmpty)  // the label is free text
        #expect(complete("cut n1 ") == ["->"])
        #expect(complete("cut n1 -> n") == ["n1", "n2", "n3", "n10"])
        // partition offers the nodes not yet named, and | once a group has begun.
        #expect(complete("partition n1 ") == ["n2", "n3", "n10", "|"])
        #expect(complete("partition n1 | ") == ["n2", "n3", "n10"])
        let none = CompletionContext()
        #expect(Completer.candidates(for: "crash ", context: none, listDirectory: Self.files).isEmpty)
    }

    @Test func behaviourNamesAfterSpawn() {
        #expect(complete("spawn 3 ") == ProtocolRegistry.standard.names)
        #expect(complete("spawn 3 e") == ["echo"])
        #expect(complete("spawn ").isEmpty)
    }

    @Test func eventIds() {
        // A bare `e` offers the newest twenty events; digits narrow over all of them.
        #expect(complete("order e") == (23...42).map { "e\($0)" })
        #expect(complete("order e4") == ["e4", "e40", "e41", "e42"])
        #expect(complete("show event e3") == ["e3", "e30", "e31", "e32", "e33", "e34", "e35", "e36", "e37", "e38", "e39"])
        #expect(complete("order e1 e2 ").isEmpty)
    }

    @Test func fileNamesAfterLoadSaveAndExport() {
        #expect(complete("load ") == ["lib/", "tour.dsb"])
        #expect(complete("load t") == ["tour.dsb"])
        #expect(complete("load lib/") == ["lib/echo-pair.dsb"])
        #expect(complete("save ") == ["lib/", "tour.dsb"])
        #expect(complete("export trace ") == ["lib/", "trace.jsonl"])
        // With no file of the expected kind, any file will do.
        #expect(complete("load n") == ["notes.txt"])
        #expect(complete("load .") == [".hidden.dsb"])
    }

    @Test func helpCompletesCommandWords() {
        #expect(complete("help par") == ["partition"])
    }
}
