import Foundation
import Glibc
import Testing

extension ReplTests {
    /// Keys that surprised people: Ctrl-R then Enter, Ctrl-\, Home and Page Up under
    /// tmux, Ctrl-Z then `fg`, and the order Up walks the history in.
    @Suite struct EditingKeys {
        @Test("Ctrl-R then one Enter runs the line the search found")
        func searchThenEnterRunsTheLine() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            try terminal.run("show net")
            terminal.send(Key.controlR)
            terminal.send("spa")
            try terminal.waitUntil("the search showing the line it found", timeout: .seconds(2)) {
                terminal.screenLines.contains("dsbox 0.000000s 2n> spawn 2")
            }
            terminal.send(Key.enter)
            let prompt = try terminal.expect(matching: #"dsbox [0-9.]+s 4n> "#, timeout: .seconds(2))
            #expect(EventLine.all(in: prompt.before).map(\.kind) == ["spawn", "spawn"])
            #expect(!prompt.before.contains("error"))
        }

        @Test("Ctrl-C during a Ctrl-R search throws the line away at once, without waiting for another key")
        func controlCDuringASearch() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            terminal.send(Key.controlR)
            terminal.send("sp")
            try terminal.waitUntil("the search showing the line it found", timeout: .seconds(2)) {
                terminal.screenLines.contains("dsbox 0.000000s 2n> spawn 2")
            }
            terminal.send(Key.controlC)
            try terminal.expect("^C", timeout: .seconds(1))
            try terminal.expectPrompt(timeout: .seconds(1))
            terminal.send("spawn 1")
            terminal.send(Key.enter)
            #expect(try terminal.expectPrompt().match == "dsbox 0.000000s 3n> ")
        }

        @Test("Ctrl-\\ neither ends dsbox nor prints a backtrace, and the line is kept")
        func controlBackslashIsHarmless() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("spawn")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> spawn", timeout: .seconds(2))
            terminal.send(Key.controlBackslash)
            terminal.settle(for: .milliseconds(500))
            #expect(terminal.isRunning)
            #expect(!terminal.unmatchedOutput.lowercased().contains("backtrace"))
            #expect(!terminal.unmatchedOutput.contains("Quit"))
            terminal.send(" 2")
            terminal.send(Key.enter)
            #expect(try terminal.expectPrompt(timeout: .seconds(2)).match == "dsbox 0.000000s 2n> ")
        }

        @Test("Home, End, Delete, Insert, Page Up and Page Down as tmux sends them insert no ~")
        func tmuxEditingKeysInsertNoTilde() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("pawn 2")
            terminal.send(Key.homeTmux + Key.pageUp + Key.pageDown + Key.insert)
            terminal.send("s")
            terminal.send(Key.endTmux)
            terminal.send("3")
            terminal.send(Key.homeTmux + Key.delete)
            terminal.send("s")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> spawn 23", timeout: .seconds(2))
            #expect(!terminal.output.contains("~"))
            terminal.send(Key.enter)
            #expect(try terminal.expectPrompt().match == "dsbox 0.000000s 23n> ")
        }

        @Test("Up walks back through the lines in the order they were typed; the file keeps that order, bounded")
        func historyKeepsTheTypedOrder() throws {
            let scratch = try Scratch()
            let historyFile = scratch.home.appendingPathComponent(".dsbox_history")
            // A long history from earlier sessions: only the last 1000 lines are kept.
            let earlier = (1...1200).map { "local n1 old\($0)" }.joined(separator: "\n") + "\n"
            try Data(earlier.utf8).write(to: historyFile)
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 1")
            try terminal.run("show nodes")
            try terminal.run("show net")
            try terminal.run("show net")  // typed twice in a row: kept once
            try terminal.run("show nodes")
            // Up, Up, Up: show nodes, show net, then the earlier show nodes; not "spawn 1",
            // as when each line moved its earlier copy to the end.
            terminal.send(Key.up + Key.up + Key.up)
            terminal.send(Key.enter)
            let shown = try terminal.expectPrompt()
            #expect(shown.before.contains("behaviour"), "the third Up should reach the first show nodes: \(shown.before)")
            #expect(EventLine.all(in: shown.before).isEmpty, "spawn 1 ran again")

            let lines = String(decoding: try Data(contentsOf: historyFile), as: UTF8.self)
                .split(separator: "\n").map(String.init)
            #expect(lines.count == 1000)
            // The rerun show nodes repeats the line before it, so it is not kept again.
            #expect(lines.suffix(5) == ["local n1 old1200", "spawn 1", "show nodes", "show net", "show nodes"])
            #expect(lines.first == "local n1 old205")
        }

        @Test("Ctrl-Z stops dsbox with the terminal in normal mode; fg redraws the prompt and the line")
        func controlZThenForeground() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch, underJobControlShell: true)
            defer { terminal.shutDown() }

            terminal.send("pawn 2")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> pawn 2", timeout: .seconds(2))
            terminal.send(Key.controlZ)
            try terminal.expect("[shell: dsbox stopped; fg]", timeout: .seconds(3))
            // Continued: the prompt and the line come back, and keys edit it again.
            try terminal.expectPrompt(timeout: .seconds(3))
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> pawn 2", timeout: .seconds(2))
            terminal.send(Key.controlA)
            terminal.send("s")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> spawn 2", timeout: .seconds(2))
            terminal.send(Key.enter)
            // (A redraw of the old prompt for the continue may come first: wait for this one.)
            try terminal.expect("dsbox 0.000000s 2n> ")
            #expect(terminal.isRunning)
        }

        @Test("Continued after a stop that reset the terminal, dsbox sets it up again and redraws the line")
        func continueAfterTheTerminalWasReset() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("pawn 2")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> pawn 2", timeout: .seconds(2))
            terminal.signalDsbox(SIGSTOP)
            terminal.settle(for: .milliseconds(200))
            try terminal.restoreNormalModes()  // as a shell does while the job is stopped
            terminal.signalDsbox(SIGCONT)
            try terminal.expectPrompt(timeout: .seconds(3))  // drawn again
            // In raw mode again: Ctrl-A moves the cursor at once (in normal mode the
            // terminal would only echo "^A" and hold the keys until Enter).
            terminal.send(Key.controlA)
            terminal.send("s")
            try terminal.expectCurrentLine("dsbox 0.000000s 0n> spawn 2", timeout: .seconds(2))
            terminal.send(Key.enter)
            // (A redraw of the old prompt for the continue may come first: wait for this one.)
            try terminal.expect("dsbox 0.000000s 2n> ")
            #expect(terminal.isRunning)
        }
    }
}
