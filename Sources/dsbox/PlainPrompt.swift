import Console
import Foundation

/// The interactive loop on a terminal: prompt, read a line, show the outcome. Errors
/// are shown and the prompt comes back; the simulation is unchanged by a failed line.
struct PlainPrompt {
    let session: Session

    func loop() async throws {
        Output.write("dsbox: a distributed-systems sandbox. Type help for commands, quit to leave.\n")
        while true {
            Output.write(await session.prompt())
            guard let line = readLine(strippingNewline: true) else {
                Output.write("\n")
                break
            }
            let outcome = await session.execute(line)
            if !outcome.output.isEmpty { Output.write(outcome.output + "\n") }
            if let error = outcome.error { Output.write(error.rendered + "\n") }
            if outcome.quit { break }
        }
        if session.unsavedCommands > 0 {
            Output.write("(\(session.unsavedCommands) commands not saved; next time, save FILE.dsb keeps them)\n")
        }
    }
}
