import Console
import Foundation
import SandboxCore
import Simulator
import Testing

/// `request CLIENT -> SERVER` picks (or spawns) the client endpoint, so a lesson can put
/// clients on both sides of a partition; `step` past the end is not an error.
@Suite struct ClientAndStepTests {
    @Test("request names its client: spawned as a client if new, refused if the node is a server")
    func namedClients() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for line in ["spawn 3 raft", "run 1s quiet"] { #expect(await session.execute(line).error == nil) }

        let first = await session.execute("request n8 -> n1 put x 1")
        #expect(first.error == nil)
        #expect(first.output.contains("(n8 is spawned as a client endpoint)"))
        let second = await session.execute("request n9 -> n2 put y 2")
        #expect(second.output.contains("(n9 is spawned as a client endpoint)"))
        // Without a name, the first client node serves, as before.
        let unnamed = await session.execute("request n3 get x")
        #expect(unnamed.error == nil)
        #expect(unnamed.output.contains(" n8 ") && unnamed.output.contains("request   send n3 get x"), "\(unnamed.output)")
        #expect(await session.simulation.nodeReports().filter { $0.kind == "client" }.map(\.id) == [NodeID(8), NodeID(9)])

        _ = await session.execute("run 2s quiet")
        let replies = await session.simulation.trace.allEvents.filter { $0.kind == .reply }.map { "\($0.node!) \($0.label)" }
        #expect(replies.contains { $0.hasPrefix("n8 put x 1 at ") && $0.contains(": ok (index") }, "\(replies)")
        #expect(replies.contains { $0.hasPrefix("n9 put y 2 at ") && $0.contains(": ok (index") }, "\(replies)")

        let server = await session.execute("request n1 -> n2 get y")
        #expect(server.error?.message == "n1 cannot do that: it is not a client endpoint (request needs a node spawned as client)")
        #expect(server.error?.column == 9)
        // Spawned while a partition is in force, a client is told where it landed.
        #expect(await session.execute("partition n1 n2 | n3").error == nil)
        let outside = await session.execute("request n10 -> n1 get x")
        #expect(outside.output.contains("(a partition is in force: n10, named in none of its groups, is with the"))
        #expect(!(await session.execute("request n8 -> n1 get x")).output.contains("partition is in force"),
                "an existing client gets no note")
        let itself = await session.execute("request n8 -> n8 get y")
        #expect(itself.error != nil)
        #expect(await session.simulation.members.count == 6)
    }

    @Test("step with nothing pending says so and succeeds, so a script can step to the end")
    func stepPastTheEnd() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        var output = ""
        let failure = await ScriptRunner(session: session).run("spawn 2\nsend n1 n2 a\nstep 5\nstep\nlocal n1 after\n", file: "s.dsb") {
            output += $0
        }
        #expect(failure == nil)
        #expect(output.contains("now 0.001000s: 1 event (nothing more is pending)"))
        #expect(output.contains("> step\nnow 0.001000s: nothing to step, no events are pending\n"))
        #expect(output.contains("local     after"))
    }
}
