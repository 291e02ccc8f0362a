import Console
import Foundation

/// The prompt when a person types at a terminal but standard output goes elsewhere
/// (`dsbox | tee lab.log`, `dsbox > lab.log`): libedit needs the terminal on both sides,
/// so lines are read plainly, one at a time, and each runs as soon as it is typed.
///
/// Standard output gets each command that succeeded and what it printed, as `dsbox run`
/// prints them (so the log reads as a transcript of the session); the prompt and errors
/// go to standard error, which is still the terminal. An error does not end the
/// session, as at the full prompt.
struct PlainPrompt {
    let session: Session

    func loop() async {
        Output.error("dsbox: standard output is not a terminal, so line editing is off; Ctrl-D leaves.")
        while true {
            Output.prompt(await session.prompt())
            guard var line = readLine(strippingNewline: true) else { break }
            if line.hasSuffix("\r") { line.removeLast() }
            let outcome = await session.execute(line)
            if let error = outcome.error {
                Output.error(ScriptText.escaped(error.rendered))
                continue
            }
            Output.write(ScriptRunner.echo(line))
            if !outcome.output.isEmpty { Output.write(ScriptText.escaped(outcome.output) + "\n") }
            if outcome.quit { break }
        }
        if session.unsavedCommands > 0 { Output.error("(\(session.unsavedCommands) command(s) were not saved)") }
    }
}
