import CEditLine
import Synchronization

/// Ctrl-C presses not yet handled. Written only by the signal handler, which does
/// nothing else (an atomic add is async-signal-safe).
private let pendingInterrupts = Atomic<Int>(0)

/// Ctrl-C as a flag: the SIGINT handler only counts, and the prompt loop or a long run
/// looks at the count between steps. Installed without SA_RESTART so a waiting poll()
/// wakes at once.
public enum Interrupts {
    /// Installs the SIGINT handler; call before the line editor is set up.
    public static func install() {
        _ = dsbox_signal_wake_fd()
        _ = dsbox_install_sigint { _ in pendingInterrupts.add(1, ordering: .relaxed) }
    }

    /// True when Ctrl-C was pressed since the last ``take()``.
    public static var isPending: Bool { pendingInterrupts.load(ordering: .relaxed) > 0 }

    /// A descriptor that becomes readable when a signal (Ctrl-C, Ctrl-Z, a continue)
    /// arrives: poll it beside standard input, and ``drainWakeups()`` when it fires.
    public static var wakeDescriptor: Int32 { dsbox_signal_wake_fd() }

    /// Empties ``wakeDescriptor``.
    public static func drainWakeups() { dsbox_signal_wake_drain() }

    /// Whether Ctrl-C was pressed, clearing it.
    public static func take() -> Bool { pendingInterrupts.exchange(0, ordering: .relaxed) > 0 }
}
