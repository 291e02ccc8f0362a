import Foundation
import Testing

extension ReplTests {
    /// `dsbox > lab.log` (or `| tee`): typed at a terminal, written elsewhere. Line editing
    /// is off, but every line runs as it is typed, errors and the prompt reach the terminal,
    /// and the log holds the commands that succeeded with what they printed.
    @Suite struct PlainPrompt {
        @Test("with standard output in a file, typed lines still run at once and the file is a transcript")
        func standardOutputToAFile() throws {
            let scratch = try Scratch()
            let log = scratch.work.appendingPathComponent("lab.log")
            let terminal = try DsboxTerminal(scratch: scratch, standardOutput: log)
            defer { terminal.shutDown() }

            #expect(terminal.output.contains("line editing is off"))
            terminal.send("spawn 2")
            terminal.send(Key.enter)
            try terminal.expect("dsbox 0.000000s 2n> ", timeout: .seconds(5))
            terminal.send("crash n9")
            terminal.send(Key.enter)
            try terminal.expect("error: column 7: unknown node n9")
            terminal.send("send n1 n2 hi")
            terminal.send(Key.enter)
            terminal.send("quit")
            terminal.send(Key.enter)
            #expect(try terminal.waitForExit() == 0)
            #expect(try scratch.read("lab.log") == """
                > spawn 2
                e1   0.000000s n1  L0   spawn     none
                e2   0.000000s n2  L0   spawn     none
                > send n1 n2 hi
                e3   0.000000s n1  L1   send      hi to n2
                > quit

                """)
        }
    }
}
