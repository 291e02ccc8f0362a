import Console
import Foundation
import ProtocolKit
import Protocols
import SandboxCore
import Testing

/// A protocol is one folder and one registry line: the toy ping counter in `PingCounter/`
/// gets its option, set-up command, view, claim, monitor and default timer onto the prompt
/// (parser, completion, help) with nothing else written for it.
@Suite struct ToyProtocolTests {
    /// The registry line.
    static let registry = ProtocolRegistry(ProtocolRegistry.standard.protocols + [PingCounter.descriptor])
    static let catalog = CommandCatalog(registry: registry)

    static func session(_ lines: [String]) async -> (session: Session, outputs: [String]) {
        let session = Session(directory: FileManager.default.temporaryDirectory, registry: registry)
        var outputs: [String] = []
        for line in lines {
            let outcome = await session.execute(line)
            outputs.append(outcome.error.map(\.rendered) ?? outcome.output)
        }
        return (session, outputs)
    }

    static func parse(_ line: String) -> Result<ParsedCommand?, CommandError> { CommandParser.parse(line, catalog: catalog) }

    @Test("the parser reads its option, set-up command, view and claim from the declaration")
    func parsing() throws {
        #expect(try Self.parse("spawn 3 ping interval=50ms").get()?.command
                == .spawn(.count(3), behaviour: "ping", options: ["interval=50ms"]))
        #expect(try Self.parse("ping limit n2 5").get()?.command == .setUp(NodeID(2), ClientRequest(operation: "limit", arguments: ["5"])))
        #expect(try Self.parse("show pings").get()?.command == .show(.view("pings", form: 0, Arguments([]))))
        #expect(try Self.parse("expect pings n1 4").get()?.command
                == .expect(.claim("pings", form: 0, Arguments([.node(NodeID(1)), .number(4)]))))
        #expect(try Self.parse("timeout n1").get()?.command == .timeout(NodeID(1), timer: nil))

        let badOption = try #require(Self.parse("spawn 3 ping interval=soon").failure)
        #expect(badOption.column == 14)
        #expect(badOption.message == "'interval=soon': write it as interval=DURATION, e.g. interval=100ms")
        let missing = try #require(Self.parse("ping limit n2").failure)
        #expect((missing.column, missing.message) == (14, "missing n"))
        #expect(missing.usage == ["ping limit NODE N"])
        #expect(try #require(Self.parse("ping lmit n2 3").failure).message.contains("expected limit"))
        // The standard registry has no ping protocol.
        #expect(try #require(CommandParser.parse("ping limit n2 5").failure).message.contains("unknown command 'ping'"))
    }

    @Test("completion offers its name, option, command words, view and claim")
    func completion() {
        let context = CompletionContext(nodes: ["n1", "n2"], lastEvent: 0)
        func complete(_ line: String) -> [String] {
            Completer.candidates(for: line, context: context, catalog: Self.catalog) { _ in [] }
        }
        #expect(complete("spawn 3 pi") == ["ping"])
        #expect(complete("spawn 3 ping ") == ["interval="])
        #expect(complete("pi") == ["ping"])
        #expect(complete("ping ") == ["limit"])
        #expect(complete("ping limit ") == ["n1", "n2"])
        #expect(complete("ping limit n1 ").isEmpty)
        #expect(complete("show pi") == ["pings"])
        #expect(complete("expect pi") == ["pings"])
        #expect(complete("expect pings ") == ["n1", "n2"])
        #expect(complete("help pi") == ["ping"])
    }

    @Test("help documents it from the declaration")
    func help() async {
        let (_, outputs) = await Self.session(["help ping", "help spawn", "help show", "help expect", "help"])
        #expect(outputs[0].hasPrefix("ping: set up a ping node to wrap its counter past a limit\n  usage:   ping limit NODE N\n"))
        #expect(outputs[0].contains("example: ping limit n1 3"))
        #expect(outputs[1].contains("\n    ping         pings every other ping node on a timer and counts the pings it"))
        #expect(outputs[1].contains("options: interval=DURATION"))
        #expect(outputs[2].contains("show pings"))
        #expect(outputs[3].contains("expect pings NODE N"))
        #expect(outputs[4].contains("\n  ping limit NODE N "))
    }

    /// Every node pings the two others every 100ms from 100ms on, with the network's 1ms
    /// latency: by 1s the rounds of 100ms…900ms have arrived (the 1s round arrives at
    /// 1.001s), 2 pings each, so each node has counted 18.
    @Test("its view, claim, default timer and monitor work on a running cluster beside Raft")
    func running() async throws {
        let (session, outputs) = await Self.session([
            "spawn 3 raft", "spawn 3 ping", "run 1s quiet", "show pings", "expect pings n4 18", "expect pings n5 17",
            "timeout n4", "run 2ms quiet", "expect pings n5 21", "check",
        ])
        #expect(outputs[3] == "n4 18\nn5 18\nn6 18")
        #expect(outputs[4] == "ok: n4 counted 18 pings")
        #expect(outputs[5].contains("expectation failed: n5 counted 18 pings"))
        #expect(outputs[6].contains("timer     ping (forced)"), "the default timer: \(outputs[6])")
        // The 1s round (n4's and n6's pings) and n4's forced one arrive at 1.001s.
        #expect(outputs[8] == "ok: n5 counted 21 pings", "n4's forced round reached n5")
        #expect(outputs[9].contains("raft safety: all hold"), "both monitors report: \(outputs[9])")
        #expect(outputs[9].contains("ping counts: never decreased"))
        #expect(await session.simulation.violations.isEmpty)
    }

    @Test("step stops at a violation of its monitor as run does")
    func violationsStopStepAndRun() async throws {
        // n4 has 18 pings at 1s; with a limit of 2 its next ping wraps the count to 0.
        let stepped = await Self.session(["spawn 3 raft", "spawn 3 ping", "run 1s quiet", "ping limit n4 2", "step 1000", "expect violation",
                                          "check"])
        #expect(stepped.outputs[4].contains("stopped: pings never decrease violated: n4 counted 18 pings, then 0"), "\(stepped.outputs[4])")
        #expect(await stepped.session.simulation.now < SimTime.zero + .milliseconds(1_100), "step stopped at the first violation")
        #expect(stepped.outputs[5].hasPrefix("ok: a violation was found: pings never decrease violated"))
        #expect(stepped.outputs[6].contains("ping counts: decreased 1 time(s)"))

        let ran = await Self.session(["spawn 3 ping", "run 1s quiet", "ping limit n1 2", "run 1s"])
        #expect(ran.outputs[3].contains("stopped: pings never decrease violated: n1 counted 18 pings, then 0"))
        #expect(await ran.session.simulation.now == SimTime.zero + .milliseconds(1_001), "run stopped at the delivery that wrapped it: \(ran.outputs[3])")
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
