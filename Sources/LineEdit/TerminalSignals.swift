import CEditLine
import Glibc
import Synchronization

/// Ctrl-Z presses (SIGTSTP) and continues (SIGCONT) not yet handled. Written only by
/// the signal handlers, which do nothing else.
private let pendingSuspends = Atomic<Int>(0)
private let pendingContinues = Atomic<Int>(0)

/// The job-control and quit keys at the interactive prompt, as flags the prompt loop
/// looks at between keys (like ``Interrupts``):
///
/// - Ctrl-Z is caught while a line is being edited, so the terminal can be put back in
///   normal mode before dsbox stops, and the prompt and line redrawn after `fg`
///   (``LineEditor/suspend(prompt:)``). While a command runs, Ctrl-Z stops at once.
/// - A continue from any stop (`kill -STOP`, then `fg`) asks for a redraw, since the
///   shell may have changed the terminal's modes meanwhile.
/// - Ctrl-\ (SIGQUIT) is ignored: it neither dumps core nor prints a backtrace.
public enum TerminalSignals {
    /// Installs the handlers; call with ``Interrupts/install()``, before the editor.
    public static func install() {
        _ = dsbox_install_signal(SIGCONT) { _ in pendingContinues.add(1, ordering: .relaxed) }
        signal(SIGQUIT, SIG_IGN)
    }

    /// True when a Ctrl-Z or a continue waits to be handled.
    public static var isPending: Bool {
        pendingSuspends.load(ordering: .relaxed) > 0 || pendingContinues.load(ordering: .relaxed) > 0
    }

    /// Whether Ctrl-Z was pressed while editing, clearing it.
    public static func takeSuspend() -> Bool { pendingSuspends.exchange(0, ordering: .relaxed) > 0 }

    /// Whether dsbox was continued after a stop, clearing it.
    public static func takeContinue() -> Bool { pendingContinues.exchange(0, ordering: .relaxed) > 0 }

    /// Catches Ctrl-Z (while editing a line) or lets it stop dsbox at once (otherwise).
    static func catchSuspend(_ catching: Bool) {
        if catching {
            _ = dsbox_install_signal(SIGTSTP) { _ in pendingSuspends.add(1, ordering: .relaxed) }
        } else {
            signal(SIGTSTP, SIG_DFL)
        }
    }
}
