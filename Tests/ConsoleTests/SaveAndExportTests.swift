import Console
import Foundation
import SandboxCore
import Simulator
import Testing

/// `save` writes a script that replays to the same trace; `export trace` writes the
/// documented JSON Lines schema.
@Suite struct SaveAndExportTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dsbox-save-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let commands = [
        "seed 9", "spawn 3 echo", "net latency 2ms..30ms", "net loss 20%", "send n1 n2", "send n2 n3 x",
        "crash n3", "run 50ms", "restart n3", "pause n2 10ms", "send n3 n2", "show nodes", "run 100ms",
    ]

    @Test func savedSessionReplaysToTheSameTrace() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        for command in Self.commands {
            let outcome = await session.execute(command)
            #expect(outcome.error == nil, "\(command): \(outcome.error?.rendered ?? "")")
        }
        #expect(await session.execute("crash n99").error != nil)  // failures are not saved
        let save = await session.execute("save lab.dsb")
        #expect(save.error == nil)
        let saved = try SessionFixtures.read(directory.appendingPathComponent("lab.dsb"))
        #expect(saved.contains("seed 9\n"))
        #expect(!saved.contains("n99"))

        let replay = Session(directory: directory)
        let failure = await ScriptRunner(session: replay).run(saved, file: "lab.dsb") { _ in }
        #expect(failure == nil)
        let original = await session.simulation.trace.allEvents
        let replayed = await replay.simulation.trace.allEvents
        #expect(original.count > 10)
        #expect(original == replayed)
    }

    @Test func saveRefusesToOverwriteWithoutForce() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        _ = await session.execute("spawn 2")
        #expect(await session.execute("save a.dsb").error == nil)
        let again = await session.execute("save a.dsb")
        #expect(again.error?.message.contains("--force") == true)
        #expect(again.error?.column == 6)
        #expect(await session.execute("save a.dsb --force").error == nil)
    }

    @Test func exportWritesOneJSONObjectPerEventWithTheDocumentedFields() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(directory: directory)
        for command in ["spawn 3", "net latency 10ms", "local n1 a", "send n1 n2 m", "partition n3 | n1 n2",
                        "send n2 n3 lost", "run 20ms", "send n2 n3 m2"] {
            #expect(await session.execute(command).error == nil)
        }
        let outcome = await session.execute("export trace out.jsonl")
        #expect(outcome.error == nil)
        let lines = try SessionFixtures.read(directory.appendingPathComponent("out.jsonl")).split(separator: "\n")
        let trace = await session.simulation.trace
        #expect(lines.count == trace.count)
        for (line, event) in zip(lines, trace.allEvents) {
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let object = try #require(parsed as? [String: Any])
            #expect(object["id"] as? String == event.id.description)
            #expect((object["time_us"] as? NSNumber)?.int64Value == event.time.microseconds)
            #expect(object["kind"] as? String == event.kind.description)
            #expect((object["node"] as? String) == event.node?.description)
            #expect((object["peer"] as? String) == event.peer?.description)
            #expect((object["lamport"] as? NSNumber)?.intValue == event.lamport)
            #expect((object["parents"] as? [String]) == event.parents.map(\.description))
            let vector = try #require(object["vector"] as? [String: Int])
            let expected = try #require(trace.vector(of: event.id))
            #expect(vector == Dictionary(uniqueKeysWithValues: expected.entries.map { ($0.node.description, $0.count) }))
            if event.kind == .send || event.kind == .local {
                #expect(object["label"] as? String == event.label)
            }
        }
        // n2 sent `lost` at time 0 (its event 1), then delivered m at 10ms (its event 2),
        // which carries n1's local and send: V = {n1:2, n2:2}.
        let deliver = try #require(lines.first { $0.contains("\"kind\":\"deliver\"") })
        #expect(deliver.contains("\"vector\":{\"n1\":2,\"n2\":2}"))
        #expect(lines.contains { $0.contains("\"reason\":\"partitioned\"") })
    }
}
