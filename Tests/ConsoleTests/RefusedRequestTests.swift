import Console
import Foundation
import Testing

/// A request, set-up or forced timer that a node's behaviour cannot take is an error
/// that points at the word and changes nothing: no trace event, no history entry.
@Suite struct RefusedRequestTests {
    static let setUp = ["spawn 3 raft", "spawn n4 lww", "spawn n5 stopwatch", "spawn n6 echo", "raft log n2 1 2"]

    /// A mistaken line, the column of the word that is wrong, and what the error says.
    struct Mistake: Sendable, CustomTestStringConvertible {
        let line: String
        let column: Int
        let says: String
        var testDescription: String { line }
    }

    static let mistakes: [Mistake] = [
        Mistake(line: "raft log n2 0", column: 13, says: "terms of at least 1"),
        Mistake(line: "raft log n2 3 1", column: 13, says: "never decrease"),
        Mistake(line: "raft log n2", column: 12, says: "at least one term"),
        Mistake(line: "raft term n2 1", column: 14, says: "below the term of the last log entry (2)"),
        Mistake(line: "write n1 x 1", column: 1, says: "raft understands put KEY VALUE"),
        Mistake(line: "read n1 x", column: 1, says: "raft understands"),
        Mistake(line: "ask n4 put k 1", column: 8, says: "registers understand: write KEY VALUE, read KEY"),
        Mistake(line: "ask n1 put k", column: 8, says: "raft understands"),
        Mistake(line: "timeout n1 foo", column: 12, says: "raft has timers election and heartbeat, not 'foo'"),
        Mistake(line: "timeout n6", column: 11, says: "echo has no default timer; name the timer to fire"),
        Mistake(line: "timeout n4 election", column: 12, says: "lww has no timer 'election'"),
        Mistake(line: "ask n5 go", column: 8, says: "a stopwatch understands: start, lap"),
        Mistake(line: "ask n6 hello", column: 8, says: "echo takes no requests"),
        Mistake(line: "raft log n4 1", column: 13, says: "lww has no set-up commands"),
        Mistake(line: "request n4 put x 1", column: 12, says: "registers understand"),
        Mistake(line: "request n1 write x 1", column: 12, says: "raft understands"),
    ]

    @Test("a refused command is an error at the word, with the usage, and changes nothing", arguments: mistakes)
    func refusedCommandsChangeNothing(_ mistake: Mistake) async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for line in Self.setUp { #expect(await session.execute(line).error == nil, "\(line)") }
        let events = await session.simulation.trace.allEvents
        let history = session.history

        let outcome = await session.execute(mistake.line)
        let error = try #require(outcome.error, "\(mistake.line) should be refused")
        #expect(error.message.contains(mistake.says), "\(error.message)")
        #expect(error.column == mistake.column, "\(error.rendered)")
        #expect(!error.usage.isEmpty)
        #expect(await session.simulation.trace.allEvents == events, "a refused command must record nothing")
        #expect(session.history == history)
        #expect(await session.simulation.members.count == 6, "request must not spawn its client for a refused request")
    }

    @Test("what the behaviours do take still works: writes, set-ups, forced timers, lease reads by ask")
    func acceptedCommandsStillWork() async throws {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for line in Self.setUp + ["write n4 x 1", "ask n5 start", "raft term n2 3", "timeout n1", "run 1s",
                                         "ask n1 get x lease", "ask n2 get x lease", "ask n3 get x lease"] {
            let outcome = await session.execute(line)
            #expect(outcome.error == nil, "\(line): \(outcome.error?.rendered ?? "")")
        }
        // Whichever server leads answers from its lease; the others redirect.
        let last = await session.simulation.trace.allEvents.suffix(8).map(\.label)
        #expect(last.filter { $0.contains("x is not set (lease read)") }.count == 1, "\(last)")
        #expect(last.filter { $0.hasPrefix("not the leader: try") }.count == 2, "\(last)")
    }
}
