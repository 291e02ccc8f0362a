import Foundation
import Glibc
import Testing

extension ReplTests {
    /// What an interactive session leaves behind replays to what the terminal showed.
    @Suite struct SessionFiles {
        @Test("Live mode: a saved live session replays to the same events, in order")
        func liveSessionReplaysExactly() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 3 echo")
            try terminal.run("net latency 100ms")
            terminal.send("live 2x")
            terminal.send(Key.enter)
            try terminal.expect("live at 2x")
            #expect(try terminal.expectPrompt().match == "dsbox 0.000000s 3n live> ")
            terminal.settle(for: .milliseconds(300))  // virtual time moves on
            // Typed while live: the send takes effect at the virtual time it is entered.
            terminal.send("send n1 n2 a")
            terminal.send(Key.enter)
            try terminal.expect("send      a to n2")
            // Half a line typed as the delivery and the echo stream in above it (a 100 ms
            // hop is 50 ms of wall time at 2x); the line must survive the redraws.
            terminal.send("sto")
            try terminal.expect("deliver   echo a from n2", timeout: .seconds(3))
            terminal.settle(for: .milliseconds(200))
            terminal.send("p")
            terminal.send(Key.enter)
            try terminal.expect("live mode stopped at")
            let stopped = try terminal.expectPrompt()
            #expect(!stopped.match.contains("live"))
            try terminal.run("save live.dsb")
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)

            let shown = EventLine.all(in: terminal.screenLines)
            #expect(shown.map(\.kind) == ["spawn", "spawn", "spawn", "network", "send", "deliver", "send", "deliver"],
                    "events shown: \(shown)")
            let script = try scratch.read("live.dsb")
            #expect(script.contains("\nsend n1 n2 a\nrun "), "the live stretches are saved as runs:\n\(script)")
            let replay = try DsboxExecutable.run(["run", "live.dsb"], in: scratch.work, home: scratch.home)
            #expect(replay.status == 0, "\(replay.standardError)")
            let replayed = EventLine.all(in: replay.standardOutput)
            #expect(replayed == shown, "replay:\n\(replay.standardOutput)")
        }

        @Test("record writes each command as it succeeds; after SIGKILL the files replay exactly")
        func recordingSurvivesSIGKILL() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            let started = try terminal.run("record rec.dsb")
            #expect(started.contains("recording to rec.dsb and rec.out"))
            try terminal.run("spawn 2 echo")
            try terminal.run("send n1 n2 hi")
            let failed = try terminal.run("crash n9")
            #expect(failed.contains("error"))
            try terminal.run("run 1s")
            terminal.signalDsbox(SIGKILL)
            #expect(try terminal.waitForExit() != 0)

            let script = try scratch.read("rec.dsb")
            #expect(script == "# dsbox session\nseed 1\nspawn 2 echo\nsend n1 n2 hi\nrun 1s\n")
            let transcript = try scratch.read("rec.out")
            #expect(transcript.contains("> run 1s\n"))
            #expect(transcript.contains("deliver   echo hi from n2"))
            #expect(EventLine.all(in: transcript) == EventLine.all(in: terminal.screenLines),
                    "the transcript should list the events the terminal showed")
            let replay = try DsboxExecutable.run(["run", "rec.dsb"], in: scratch.work, home: scratch.home)
            #expect(replay.status == 0, "\(replay.standardError)")
            #expect(replay.standardOutput == transcript)
        }
    }
}
