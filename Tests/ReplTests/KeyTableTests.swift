import Foundation
import Testing

extension ReplTests {
    /// Every key of ``KeyTable`` pressed in the real dsbox on a real terminal, on an empty
    /// line and on a line with text, in normal and in live mode: dsbox is still there
    /// after each, and the line holds (and runs) what a readline user expects.
    @Suite struct KeyTableKeys {
        @Test("Every key in the table keeps dsbox at the prompt with the line a readline user expects")
        func normalMode() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            var walk = try KeyWalk(terminal: terminal, prompt: "dsbox 0.000000s 0n> ")
            for row in KeyTable.rows { try walk.press(row) }
            #expect(try terminal.run("show nodes").contains("n\(walk.nodes) "))
        }

        @Test("Every key in the table keeps dsbox at the prompt in live mode")
        func liveMode() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("live 1x")
            terminal.send(Key.enter)
            try terminal.expect("live at 1x")
            // Live mode redraws the prompt's clock a few times a second, events or not.
            var walk = try KeyWalk(terminal: terminal, prompt: try terminal.expectPrompt().match, promptChanges: true)
            #expect(walk.prompt.hasSuffix(" 0n live> "))
            for row in KeyTable.rows { try walk.press(row) }
            #expect(walk.prompt.hasSuffix(" \(walk.nodes)n live> "), "still live after the table")
            #expect(try terminal.run("stop").contains("live mode stopped at"))
            #expect(try terminal.run("show nodes").contains("n\(walk.nodes) "))
        }

        @Test("Every key in the table keeps dsbox at the prompt in live mode while Raft events stream above the line")
        func liveModeWithEventsStreaming() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 3 raft")
            terminal.send("live 5x")
            terminal.send(Key.enter)
            try terminal.expect("live at 5x")
            // Heartbeats and elections: the line is redrawn below new events all the time.
            try terminal.expect(matching: "(append|vote)", timeout: .seconds(5))
            var walk = try KeyWalk(terminal: terminal, prompt: try terminal.expectPrompt().match,
                                   nodes: 3, promptChanges: true)
            let redraws = occurrences(of: " live> ", in: terminal.output)
            for row in KeyTable.rows { try walk.press(row) }
            #expect(occurrences(of: " live> ", in: terminal.output) > redraws + KeyTable.rows.count,
                    "events should have been printed above the line while the keys were pressed")
            // Not run(): a prompt redrawn below a live event would end its wait early.
            terminal.send("stop")
            terminal.send(Key.enter)
            try terminal.expect("live mode stopped at")
            try terminal.expectPrompt()
            #expect(try terminal.run("show nodes").contains("n\(walk.nodes) "))
        }

        @Test("Up, Down, Ctrl-R and Ctrl-Y with no history and nothing killed keep dsbox at the prompt")
        func noHistory() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            // Nothing may reach the history before these rows, so each is thrown away with
            // Ctrl-C instead of run, except the last.
            let rows = [
                KeyRow(key: "Up (no history)", typed: "", keys: Key.up, after: "spawn 1", line: "spawn 1"),
                KeyRow(key: "Up (no history)", typed: "spawn 1", keys: Key.up, after: "", line: "spawn 1"),
                KeyRow(key: "Up Down (no history)", typed: "", keys: Key.up + Key.down, after: "spawn 1", line: "spawn 1"),
                KeyRow(key: "Down (no history)", typed: "spawn 1", keys: Key.down, after: "", line: "spawn 1"),
                KeyRow(key: "Ctrl-R Ctrl-G (no history)", typed: "", keys: Key.controlR + Key.controlG,
                       after: "spawn 1", line: "spawn 1"),
                // As in emacs, Ctrl-G on a failing search takes back what failed; the
                // second Ctrl-G leaves the search.
                KeyRow(key: "Ctrl-R x Ctrl-G Ctrl-G (no history)", typed: "spawn 1",
                       keys: Key.controlR + [0x78] + Key.controlG + Key.controlG, after: "", line: "spawn 1"),
                KeyRow(key: "Ctrl-Y (nothing killed)", typed: "", keys: Key.controlY, after: "spawn 1", line: "spawn 1"),
                KeyRow(key: "Ctrl-Y (nothing killed)", typed: "spawn 1", keys: Key.controlY, after: "", line: "spawn 1"),
            ]
            var walk = try KeyWalk(terminal: terminal, prompt: "dsbox 0.000000s 0n> ")
            for row in rows.dropLast() { try walk.press(row, thenRun: false) }
            try walk.press(rows[rows.count - 1])
            #expect(walk.nodes == 1)
            let history = scratch.home.appendingPathComponent(".dsbox_history")
            #expect(String(decoding: try Data(contentsOf: history), as: UTF8.self) == "spawn 1\n")
        }
    }
}

/// Presses rows of ``KeyTable`` one after another in one dsbox, keeping count of the
/// nodes spawned and of the prompt shown.
struct KeyWalk {
    let terminal: DsboxTerminal
    private(set) var prompt: String
    private(set) var nodes: Int
    /// Live events are printed above the line, each time with a new prompt (its virtual
    /// time moves on), so lines are compared after the prompt only.
    let promptChanges: Bool

    init(terminal: DsboxTerminal, prompt: String, nodes: Int = 0, promptChanges: Bool = false) throws {
        self.terminal = terminal
        self.prompt = prompt
        self.nodes = nodes
        self.promptChanges = promptChanges
        try expectLine("")
    }

    /// Waits until the row the cursor is on is the prompt and `text`.
    private func expectLine(_ text: String) throws {
        guard promptChanges else {
            try terminal.expectCurrentLine(prompt + text, timeout: .seconds(3))
            return
        }
        let pattern = try Regex(#"dsbox [0-9]+\.[0-9]+s "# + "\(nodes)n live> "
                                + NSRegularExpression.escapedPattern(for: text))
        try terminal.waitUntil("the line reading \(text.debugDescription)", timeout: .seconds(3)) {
            terminal.currentLine.wholeMatch(of: pattern) != nil
        }
    }

    /// Types the row's text, presses its keys, types what follows and checks the line;
    /// then runs it and checks that it spawned the nodes it names (or, unless
    /// `thenRun`, throws it away with Ctrl-C).
    mutating func press(_ row: KeyRow, thenRun: Bool = true) throws {
        do {
            try pressKeys(of: row)
            if thenRun {
                try run(row)
            } else {
                terminal.send(Key.controlC)
                try terminal.expect("^C")
                try terminal.expectCurrentLine(prompt)
            }
        } catch {
            throw ReplTestError(description: "\(row): \(error)")
        }
    }

    private func pressKeys(of row: KeyRow) throws {
        terminal.send(row.typed)
        try expectLine(row.typed)
        let clears = terminal.screenClears
        terminal.send(row.keys)
        if row.clearsScreen {
            try terminal.waitUntil("a clear of the screen", timeout: .seconds(3)) { terminal.screenClears > clears }
        }
        terminal.send(row.after)
        try expectLine(row.line)
        #expect(terminal.isRunning, "dsbox left after \(row)")
        #expect(!terminal.currentLine.contains("~"), "\(row) inserted a ~")
        if row.clearsScreen && !promptChanges {
            #expect(terminal.screenClears == clears + 1, "\(row) should clear the screen")
            #expect(terminal.screenLines == [prompt + row.line], "\(row): the screen should show just the prompt and line")
        }
    }

    private mutating func run(_ row: KeyRow) throws {
        terminal.send(Key.enter)
        nodes += row.spawned
        // The node count tells this prompt from one libedit redrew before Enter.
        let next = try terminal.expect(matching: #"dsbox [0-9]+\.[0-9]+s "# + "\(nodes)" + #"n( live)?> "#,
                                       timeout: .seconds(5))
        #expect(!next.before.contains("error"), "\(row) ran something other than \(row.line): \(next.before)")
        prompt = next.match
    }
}
