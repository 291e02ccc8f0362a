import Foundation
import Testing

extension ReplTests {
    /// Ctrl-C and Ctrl-D: a real SIGINT from the terminal, and end of input.
    @Suite struct ControlKeys {
        @Test("Ctrl-C during a long run stops it between instants and leaves a consistent simulation")
        func controlCInterruptsALongRun() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("net latency 1ms..5ms")
            // 1500 flood nodes: one rumour is ~2.25 M messages, about 20 s of work in a
            // debug build here, so the run below is still busy when Ctrl-C arrives.
            try terminal.run("spawn 1500 flood", timeout: .seconds(30))
            try terminal.run("send n1 n2 x")
            terminal.send("run 10s quiet")
            terminal.send(Key.enter)
            let started = ContinuousClock.now
            terminal.settle(for: .milliseconds(500))
            terminal.send(Key.controlC)
            let interrupted = #"ran [0-9.]+(?:us|ms|s) of 10s to ([0-9]+\.[0-9]+s): ([0-9]+) events(, [0-9]+ dropped)? \(interrupted\)"#
            let stopped = try terminal.expect(matching: interrupted, timeout: .seconds(5))
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(4), "the run should stop soon after Ctrl-C, took \(elapsed)")
            let numbers = try captures(of: interrupted, in: stopped.match)
            let reached = numbers[0]  // the virtual time the run got to
            let processed = try #require(Int(numbers[1]))
            #expect(reached != "10.000000s", "the run finished before Ctrl-C; it must be longer")
            #expect(processed > 0, "the run had not started when Ctrl-C arrived")

            let prompt = try terminal.expectPrompt()
            #expect(prompt.match == "dsbox \(reached) 1500n> ")
            // The summary starts a line of its own, not after the "^C" the terminal echoed.
            #expect(terminal.screenLines.contains { $0.hasPrefix("ran ") && $0.contains(" of 10s to \(reached)") },
                    "the screen shows \(terminal.screenLines.suffix(4))")

            // The simulation is still usable and holds the messages still in flight.
            let net = try terminal.run("show net")
            #expect(net.contains("latency    1ms..5ms uniform"))
            let inFlight = try #require(Int(try captures(of: #"pending +([0-9]+) scheduled"#, in: net)[0]))
            #expect(inFlight > 0)
            #expect(terminal.output.hasSuffix("dsbox \(reached) 1500n> "))

            // The interrupted run is saved as the run that happened: the replay reaches the
            // same instant with the same events and the same messages in flight.
            try terminal.run("save flood.dsb")
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)
            let script = try scratch.read("flood.dsb")
            #expect(!script.contains("run 10s"))
            let replay = try DsboxExecutable.run(["run", "flood.dsb"], in: scratch.work, home: scratch.home)
            #expect(replay.status == 0, "\(replay.standardError)")
            // Stopped between instants it is saved as `run T`; inside one instant (a flood's
            // fan-out records thousands of events at one time) as `step K`.
            let asRun = replay.standardOutput.contains(" to \(reached): \(processed) events\n")
            let asStep = replay.standardOutput.contains("now \(reached): \(processed) events\n")
            #expect(asRun || asStep, "\(script.split(separator: "\n").suffix(2))")
            #expect(replay.standardOutput.contains("pending    \(inFlight) scheduled events"))
        }

        @Test("Ctrl-C at an idle prompt throws the typed text away and shows a fresh prompt")
        func controlCClearsTheLine() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            terminal.send("foo bar")
            try terminal.expect("foo bar", timeout: .seconds(2))
            terminal.send(Key.controlC)
            try terminal.expect("^C", timeout: .seconds(2))
            let fresh = try terminal.expectPrompt(timeout: .seconds(2))
            #expect(fresh.match == "dsbox 0.000000s 0n> ")
            // What is typed next is a line of its own, not "foo barspawn 2".
            terminal.send("spawn 2")
            terminal.send(Key.enter)
            let next = try terminal.expectPrompt()
            #expect(next.match == "dsbox 0.000000s 2n> ")
            #expect(!next.before.contains("error"))
            #expect(terminal.isRunning)
        }

        @Test("Ctrl-C in live mode leaves live mode and says so on a line of its own")
        func controlCStopsLiveMode() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2 echo")
            terminal.send("live 4x")
            terminal.send(Key.enter)
            try terminal.expect("live at 4x")
            #expect(try terminal.expectPrompt().match == "dsbox 0.000000s 2n live> ")
            terminal.settle(for: .milliseconds(200))
            terminal.send("sen")
            try terminal.expectCurrentLine("dsbox 0.000000s 2n live> sen", timeout: .seconds(2))
            terminal.send(Key.controlC)
            let stopped = try terminal.expect(matching: #"live mode stopped at [0-9]+\.[0-9]+s"#, timeout: .seconds(2))
            let reached = String(stopped.match.dropFirst("live mode stopped at ".count))
            let prompt = try terminal.expectPrompt(timeout: .seconds(2))
            #expect(prompt.match == "dsbox \(reached) 2n> ")
            // Like Ctrl-C at an idle prompt: the typed line is left behind, and the message
            // starts a line rather than running on from the prompt and the typed text.
            let message = terminal.screenLines.first { $0.contains("live mode stopped at") }
            #expect(message?.hasPrefix("live mode stopped at") == true,
                    "the message should start its own line; the screen shows \(message.debugDescription)")
            // The half-typed "sen" is gone, and live mode is really over.
            let next = try terminal.run("show nodes")
            #expect(!next.contains("error"))
            #expect(try terminal.run("stop").contains("not in live mode"))
        }

        @Test("Ctrl-D on an empty line leaves with status 0 when nothing is unsaved")
        func controlDLeaves() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("help spawn")  // help is not a command to save
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)
            #expect(!terminal.output.contains("not saved"))
        }

        @Test("Ctrl-D with unsaved commands warns first; a second Ctrl-D leaves with status 0")
        func controlDWarnsAboutUnsavedCommands() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2")
            terminal.send(Key.controlD)
            let warning = try terminal.expect("not saved", timeout: .seconds(2))
            #expect(warning.contains("1 command(s) not saved"))
            try terminal.expectPrompt(timeout: .seconds(2))
            terminal.settle(for: .milliseconds(200))
            #expect(terminal.isRunning, "the first Ctrl-D should only warn")
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)
            #expect(terminal.output.contains("were not saved"))
        }

        @Test("Ctrl-D in live mode warns when what happened live since the last save is not saved")
        func controlDWarnsAboutAnUnsavedLiveStretch() throws {
            let scratch = try Scratch()
            let terminal = try DsboxTerminal(scratch: scratch)
            defer { terminal.shutDown() }

            try terminal.run("spawn 2 echo")
            try terminal.run("net latency 100ms")
            try terminal.run("send n1 n2 a")
            try terminal.run("save before.dsb")
            terminal.send("live 2x")
            terminal.send(Key.enter)
            try terminal.expect("live at 2x")
            // The message and its echo are delivered live, after the save.
            try terminal.expect("deliver   echo a from n2", timeout: .seconds(3))
            try terminal.expectPrompt(timeout: .seconds(2))
            terminal.send(Key.controlD)
            // A `run` typed instead of the live stretch would be warned about.
            try terminal.expect("not saved", timeout: .seconds(2))
            try terminal.expectPrompt(timeout: .seconds(2))
            #expect(terminal.isRunning, "the first Ctrl-D should only warn")
            terminal.send(Key.controlD)
            #expect(try terminal.waitForExit() == 0)
        }
    }
}
