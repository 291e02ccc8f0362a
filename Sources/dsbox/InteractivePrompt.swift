import Console
import Foundation
import LineEdit
import SandboxCore
import Simulator
import Synchronization
import Views

/// Ctrl-C as the simulation's stop signal: a long `run` ends between two instants.
struct InterruptStop: StopSignal {
    var isStopRequested: Bool { Interrupts.isPending }
}

/// What completion reads: refreshed after every command, read from libedit's callback.
final class CompletionState: Sendable {
    let context = Mutex(CompletionContext())
}

/// The interactive prompt on a terminal: libedit line editing and history, Tab
/// completion, Ctrl-C, Ctrl-Z, Ctrl-D and `quit` (which both warn once about unsaved
/// work), colour, and live mode, in which virtual time follows the wall clock and
/// events stream above the line being typed.
struct InteractivePrompt {
    let session: Session

    /// How often live mode advances virtual time.
    static let liveTick: Int32 = 50  // milliseconds
    /// How often live mode redraws the prompt (its virtual time) when no event is shown.
    static let livePromptRefresh = Duration.milliseconds(250)

    func loop() async {
        Interrupts.install()  // before libedit sets the terminal up
        TerminalSignals.install()
        guard let editor = LineEditor(name: "dsbox", historyFile: Self.historyFile, historyLimit: 1000) else {
            Output.error("dsbox: cannot set up line editing on this terminal")
            return
        }
        let completion = CompletionState()
        let catalog = session.catalog
        editor.setCompletion { line in
            Completer.candidates(for: line, context: completion.context.withLock { $0 }, catalog: catalog,
                                 listDirectory: Self.listDirectory)
        }
        session.style = TerminalStyle.detect(isTerminal: isatty(STDOUT_FILENO) != 0,
                                             environment: ProcessInfo.processInfo.environment)
        session.stopSignal = InterruptStop()
        session.allowsLive = true
        Output.write("dsbox: a distributed-systems sandbox. help lists the commands,\nTab completes, Ctrl-D leaves.\n")

        var warnedAboutUnsaved = false
        var liveClock = LiveClock()
        var lastPromptDrawn = ContinuousClock.now
        let completionNow = await session.completionContext()
        completion.context.withLock { $0 = completionNow }
        editor.begin(prompt: await session.prompt())
        prompting: while true {
            // Standard input, and the pipe a signal writes to so that Ctrl-C, Ctrl-Z or a
            // continue wakes the wait at once.
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: Interrupts.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            _ = poll(&descriptors, descriptors[1].fd >= 0 ? 2 : 1, session.isLive ? Self.liveTick : 500)
            if descriptors[1].revents != 0 { Interrupts.drainWakeups() }
            let input = descriptors[0].revents
            if Interrupts.take() {
                if session.isLive {
                    editor.end()
                    Output.write("^C\n")
                    show(await session.execute("stop"))
                    editor.begin(prompt: await session.prompt())
                } else {
                    editor.discardLine(prompt: await session.prompt())
                }
                continue
            }
            if TerminalSignals.takeSuspend() {
                editor.suspend(prompt: await session.prompt())
                liveClock.restart()  // live mode does not count the time dsbox was stopped
                continue
            }
            if TerminalSignals.takeContinue() {
                editor.redraw(prompt: await session.prompt())
            }
            let hungUp = input != 0 && input & Int16(POLLIN) == 0
            switch hungUp ? .closed : input != 0 ? editor.readCharacter() : .typing {
            case .typing:
                break
            case .closed:
                Output.write("\n")
                break prompting
            case .end:
                Output.write("\n")
                await session.closeLiveSegment()  // what ran live so far counts as unsaved
                if mayLeave(warned: &warnedAboutUnsaved) { break prompting }
                editor.begin(prompt: await session.prompt())
                continue
            case .line(let line):
                editor.remember(line)
                // Help and other prose use a wider terminal; transcripts do not depend on it.
                session.outputWidth = max(80, LineEditor.terminalColumns ?? 80)
                let outcome = await session.execute(line)
                // A Ctrl-C that ended a run has been handled; the terminal echoed it as
                // "^C", so the run's summary starts a line of its own.
                if Interrupts.take() { Output.write("\n") }
                show(outcome)
                if outcome.quit {
                    if mayLeave(warned: &warnedAboutUnsaved) { break prompting }
                } else {
                    warnedAboutUnsaved = false
                }
                let context = await session.completionContext()
                completion.context.withLock { $0 = context }
                liveClock.restart()
                editor.begin(prompt: await session.prompt())
            }
            if let speed = session.liveSpeed {
                let delta = liveClock.advance(speed: speed)
                let events = await session.advanceLive(by: delta)
                if !events.isEmpty {
                    editor.printAbove(events + "\n", prompt: await session.prompt())
                    lastPromptDrawn = .now
                } else if ContinuousClock.now - lastPromptDrawn > Self.livePromptRefresh {
                    // Nothing to show (quiet, or filtered out): the prompt's clock still moves.
                    editor.printAbove("", prompt: await session.prompt())
                    lastPromptDrawn = .now
                }
            }
        }
        editor.end()
        editor.saveHistory()
        if session.unsavedCommands > 0 {
            Output.write("(\(session.unsavedCommands) command(s) were not saved)\n")
        }
    }

    /// Whether Ctrl-D or `quit` may leave now: yes when nothing is unsaved or the person
    /// was already warned; otherwise warns (once) and stays.
    private func mayLeave(warned: inout Bool) -> Bool {
        guard session.unsavedCommands > 0, !warned else { return true }
        warned = true
        Output.write("\(session.unsavedCommands) command(s) not saved: save FILE.dsb keeps them. "
                     + "Ctrl-D or quit again leaves.\n")
        return false
    }

    private func show(_ outcome: Session.Outcome) {
        if !outcome.display.isEmpty { Output.write(outcome.display + "\n") }
        if let error = outcome.error { Output.write(session.style.error(error.rendered) + "\n") }
    }

    static var historyFile: URL? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".dsbox_history")
    }

    @Sendable static func listDirectory(_ path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return entries.map { name in
            var isDirectory: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
    }
}

/// Turns wall-clock time into virtual time for live mode, carrying the fraction of a
/// microsecond over so that no time is lost between ticks.
struct LiveClock {
    private var last = ContinuousClock.now
    private var carry = 0.0

    mutating func restart() { last = .now; carry = 0 }

    /// The virtual time that passed since the last call at `speed`.
    mutating func advance(speed: Double) -> SimDuration {
        let now = ContinuousClock.now
        let (seconds, attoseconds) = (now - last).components
        last = now
        let micros = (Double(seconds) * 1e6 + Double(attoseconds) * 1e-12) * speed + carry
        let whole = micros.rounded(.down)
        carry = micros - whole
        return .microseconds(Int64(whole))
    }
}
