import Foundation
import Testing

/// End-to-end tests of the interactive prompt: the real `dsbox` binary on a
/// pseudo-terminal, driven with keystrokes (see ``DsboxTerminal``).
///
/// One at a time: several tests run hot simulations or follow the wall clock, and on a
/// two-core machine they would otherwise slow each other past their timeouts.
@Suite(.serialized)
struct ReplTests {}

/// The groups `pattern` captures at its first match in `text` (empty strings for
/// groups that took no part); throws when nothing matches.
func captures(of pattern: String, in text: String) throws -> [String] {
    guard let match = try Regex(pattern).firstMatch(in: text) else {
        throw ReplTestError(description: "nothing matches /\(pattern)/ in:\n\(text)")
    }
    return (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

extension ReplTests {
    /// Tab completion and history recall: what libedit does with the keys.
    @Suite struct Editing {
        @Test("Tab completes a command word, then lists and completes node ids")
        func tabCompletion() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("spa")
            terminal.send(Key.tab)
            try terminal.expect("spawn ", timeout: .seconds(2))
            #expect(terminal.currentLine == "dsbox 0.000000s 0n> spawn ")
            #expect(terminal.cursorColumn == "dsbox 0.000000s 0n> spawn ".count)
            terminal.send("3")
            terminal.send(Key.enter)
            let spawned = try terminal.expectPrompt()
            #expect(spawned.match == "dsbox 0.000000s 3n> ")
            #expect(EventLine.all(in: spawned.before).map(\.node) == ["n1", "n2", "n3"])

            // One Tab on an ambiguous word inserts what the ids share and lists nothing…
            terminal.send("crash n")
            terminal.send(Key.tab)
            terminal.settle(for: .milliseconds(300))
            #expect(!terminal.unmatchedOutput.contains("n1  n2"), "a single Tab should not list the candidates")
            // …a second Tab in a row lists them.
            terminal.send(Key.tab)
            try terminal.expect("n1  n2  n3", timeout: .seconds(2))
            // Below the list, the prompt comes back with the line as it was.
            #expect(try terminal.expectPrompt(timeout: .seconds(2)).match == "dsbox 0.000000s 3n> ")
            try terminal.expectCurrentLine("dsbox 0.000000s 3n> crash n", timeout: .seconds(2))
            // A unique completion gets its trailing space. libedit moves the cursor over
            // it rather than drawing it, so type a character to see it, then rub that out.
            terminal.send("2")
            terminal.send(Key.tab)
            terminal.send("x")
            try terminal.expectCurrentLine("dsbox 0.000000s 3n> crash n2 x", timeout: .seconds(2))
            terminal.send(Key.backspace)
            try terminal.expectCurrentLine("dsbox 0.000000s 3n> crash n2 ", timeout: .seconds(2))
            terminal.send(Key.enter)
            let crashed = try terminal.expectPrompt()
            let events = EventLine.all(in: crashed.before)
            #expect(events.map(\.kind) == ["crash"])
            #expect(events.map(\.node) == ["n2"])
            #expect(!crashed.before.contains("error"))
        }

        @Test("Up-arrow recalls the previous line, and Enter runs it again")
        func upArrowRecallsAndReruns() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            let first = try terminal.run("show net")
            #expect(first.contains("pending    0 scheduled events"))
            terminal.send(Key.up)
            try terminal.expect("show net", timeout: .seconds(2))  // drawn on the new prompt line
            terminal.send(Key.enter)
            let second = try terminal.expectPrompt()
            #expect(second.match == "dsbox 0.000000s 2n> ")
            #expect(second.before.contains("pending    0 scheduled events"))
            #expect(occurrences(of: "pending    0 scheduled events", in: terminal.output) == 2)
            #expect(occurrences(of: "latency    1ms fixed", in: terminal.output) == 2)
        }

        @Test("History persists: a new dsbox with the same HOME recalls the last command")
        func historyPersistsAcrossSessions() throws {
            let scratch = try Scratch()
            do {
                let first = try DsboxTerminal(scratch: scratch)
                defer { first.shutDown() }
                try first.run("spawn 2")
                try first.run("show clocks")
                first.send(Key.controlD)
                try first.expect("not saved")
                try first.expectPrompt()
                first.send(Key.controlD)
                #expect(try first.waitForExit() == 0)
            }
            let historyFile = scratch.home.appendingPathComponent(".dsbox_history")
            let saved = String(decoding: try Data(contentsOf: historyFile), as: UTF8.self)
            #expect(saved.hasSuffix("spawn 2\nshow clocks\n"))

            let second = try DsboxTerminal(scratch: scratch)
            defer { second.shutDown() }
            #expect(!second.output.contains("show clocks"))
            second.send(Key.up)
            try second.expect("show clocks", timeout: .seconds(2))
            // One more Up reaches the command before it; Enter runs it in this session.
            second.send(Key.up)
            second.settle(for: .milliseconds(200))
            second.send(Key.enter)
            let prompt = try second.expectPrompt()
            #expect(prompt.match == "dsbox 0.000000s 2n> ")
            #expect(EventLine.all(in: prompt.before).map(\.kind) == ["spawn", "spawn"])
        }
    }
}
