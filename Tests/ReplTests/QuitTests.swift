import Foundation
import Testing

extension ReplTests {
    /// `quit` and `exit` at the prompt leave as Ctrl-D does: at once when nothing is
    /// unsaved, otherwise after one warning.
    @Suite struct Quitting {
        static let warning = "1 command(s) not saved: save FILE.dsb keeps them. Ctrl-D or quit again leaves."

        @Test("quit with unsaved work warns once and stays; quit again leaves with status 0")
        func quitWarnsThenLeaves() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            let warned = try terminal.run("quit")
            #expect(warned.contains(Self.warning))
            terminal.settle(for: .milliseconds(200))
            #expect(terminal.isRunning, "the first quit should only warn")
            #expect(try terminal.run("show nodes").contains("n2"), "the session is still there")
            // Another line ran (and is kept for save too): the warning comes again.
            #expect(try terminal.run("quit").contains(Self.warning.replacingOccurrences(of: "1 command", with: "2 command")))
            terminal.send("quit")
            terminal.send(Key.enter)
            #expect(try terminal.waitForExit() == 0)
            #expect(terminal.output.contains("(2 command(s) were not saved)"))
        }

        @Test("exit warns like quit, and Ctrl-D after the warning leaves")
        func exitWarnsThenControlDLeaves() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            #expect(try terminal.run("exit").contains(Self.warning))
            #expect(terminal.isRunning)
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)
        }

        @Test("Ctrl-D warns with the same words, and quit after the warning leaves")
        func controlDWarnsThenQuitLeaves() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            terminal.send(Key.controlD)
            try terminal.expect(Self.warning, timeout: .seconds(2))
            try terminal.expectPrompt(timeout: .seconds(2))
            #expect(terminal.isRunning)
            terminal.send("quit")
            terminal.send(Key.enter)
            #expect(try terminal.waitForExit() == 0)
        }

        @Test("quit and exit leave at once when everything is saved")
        func quitLeavesWhenSaved() throws {
            let scratch = try Scratch()
            for word in ["quit", "exit"] {
                let terminal = try DsboxTerminal(scratch: scratch)
                defer { terminal.shutDown() }
                try terminal.run("spawn 2")
                try terminal.run("save \(word).dsb")
                terminal.send(word)
                terminal.send(Key.enter)
                #expect(try terminal.waitForExit() == 0)
                #expect(!terminal.output.contains("not saved"))
            }
        }
    }
}
