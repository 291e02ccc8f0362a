import Foundation
import Glibc

/// Keys as a terminal sends them (xterm's forms, and the tmux/screen forms where they
/// differ).
enum Key {
    static let enter: [UInt8] = [0x0D]
    static let tab: [UInt8] = [0x09]
    static let up: [UInt8] = escape("[A")
    static let down: [UInt8] = escape("[B")
    static let right: [UInt8] = escape("[C")
    static let left: [UInt8] = escape("[D")
    static let home: [UInt8] = escape("[H")
    static let end: [UInt8] = escape("[F")
    static let homeApplication: [UInt8] = escape("OH")
    static let endApplication: [UInt8] = escape("OF")
    static let homeTmux: [UInt8] = escape("[1~")
    static let endTmux: [UInt8] = escape("[4~")
    static let insert: [UInt8] = escape("[2~")
    static let delete: [UInt8] = escape("[3~")
    static let pageUp: [UInt8] = escape("[5~")
    static let pageDown: [UInt8] = escape("[6~")
    static let altB: [UInt8] = escape("b")
    static let altF: [UInt8] = escape("f")
    static let controlA: [UInt8] = [0x01]
    static let controlC: [UInt8] = [0x03]
    static let controlD: [UInt8] = [0x04]
    static let controlE: [UInt8] = [0x05]
    static let controlG: [UInt8] = [0x07]
    static let controlK: [UInt8] = [0x0B]
    static let controlL: [UInt8] = [0x0C]
    static let controlR: [UInt8] = [0x12]
    static let controlT: [UInt8] = [0x14]
    static let controlU: [UInt8] = [0x15]
    static let controlW: [UInt8] = [0x17]
    static let controlY: [UInt8] = [0x19]
    static let controlZ: [UInt8] = [0x1A]
    static let controlBackslash: [UInt8] = [0x1C]
    static let controlUnderscore: [UInt8] = [0x1F]
    static let backspace: [UInt8] = [0x7F]

    /// ESC followed by `rest`.
    static func escape(_ rest: String) -> [UInt8] { [0x1B] + Array(rest.utf8) }
}

/// The real `dsbox` binary on a pseudo-terminal, driven the way a person at a keyboard
/// drives it: keys go in through the pty master, and what dsbox draws is read back and
/// searched with its escape sequences stripped.
///
/// dsbox runs as `setsid -w -c dsbox`, so it leads its own session with the pty as its
/// controlling terminal: a 0x03 written to the master reaches it as SIGINT, exactly as
/// Ctrl-C does. (`-w` because `Process` starts `setsid` as a process-group leader, which
/// makes `setsid` fork; `-w` keeps it waiting so dsbox's exit status comes back.)
///
/// Reads use `poll` with a deadline, so no call blocks for longer than its timeout. The
/// child is killed on ``shutDown()`` or when the terminal is released, so a failing
/// test never leaves dsbox behind.
final class DsboxTerminal {
    /// A prompt: `dsbox 0.000000s 0n> `, or `dsbox 1.500000s 3n live> ` in live mode.
    static let promptPattern = #"dsbox -?[0-9]+\.[0-9]+s [0-9]+n( live)?> "#

    let scratch: Scratch
    private let process = Process()
    private let master: Int32
    private var text = TerminalText()
    /// Where the next `expect` starts searching in `text.flat`.
    private var consumed = 0
    /// The slave side is closed everywhere: dsbox (and `setsid`) have gone.
    private var hungUp = false
    private var closed = false
    /// dsbox itself (the leader of the terminal's session), not the `setsid` above it.
    private(set) var dsboxPID: pid_t = 0
    /// The terminal's modes before dsbox started: normal (cooked) mode, as a shell leaves it.
    private var normalModes = termios()

    /// A shell with job control that runs dsbox as its foreground job and, each time the
    /// job stops (Ctrl-Z), says so and continues it with `fg`, as a person at a shell
    /// would: `$0` is dsbox, `$@` its arguments.
    static let jobControlScript = """
        set -m; "$0" "$@"; status=$?
        while jobs %% >/dev/null 2>&1; do echo "[shell: dsbox stopped; fg]"; fg >/dev/null; status=$?; done
        exit $status
        """

    /// Starts dsbox in `scratch.work` with `HOME=scratch.home` on a `columns`×`rows`
    /// terminal, and waits for its first prompt. With `underJobControlShell`, dsbox runs
    /// as a job of ``jobControlScript`` (so Ctrl-Z really stops it) instead of leading
    /// the terminal's session itself. With `standardOutput`, dsbox's standard output goes
    /// to that file instead of the terminal (`dsbox > log`).
    init(scratch: Scratch, arguments: [String] = [], columns: UInt16 = 120, rows: UInt16 = 40,
         underJobControlShell: Bool = false, standardOutput: URL? = nil) throws {
        self.scratch = scratch
        let executable = try DsboxExecutable.url()
        let pty = try PseudoTerminalFunctions()
        master = pty.openMaster(O_RDWR | O_NOCTTY | O_CLOEXEC)
        // From here on every stored property has a value, so a throw runs deinit, which
        // closes the master and kills dsbox if it was started.
        guard master >= 0 else {
            closed = true
            throw ReplTestError(description: "posix_openpt failed: errno \(errno)")
        }
        guard pty.grant(master) == 0, pty.unlock(master) == 0, let name = pty.slaveName(master) else {
            throw ReplTestError(description: "cannot set up the pseudo-terminal: errno \(errno)")
        }
        let slavePath = String(cString: name)
        let slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            throw ReplTestError(description: "cannot open \(slavePath): errno \(errno)")
        }
        defer { Glibc.close(slave) }  // the child has its own copies
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(slave, UInt(TIOCSWINSZ), &size) == 0 else {
            throw ReplTestError(description: "TIOCSWINSZ failed: errno \(errno)")
        }
        guard tcgetattr(slave, &normalModes) == 0 else {
            throw ReplTestError(description: "tcgetattr failed: errno \(errno)")
        }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = underJobControlShell
            ? ["-w", "-c", "/bin/bash", "--norc", "--noprofile", "-c", Self.jobControlScript, executable.path] + arguments
            : ["-w", "-c", executable.path] + arguments
        process.currentDirectoryURL = scratch.work
        process.environment = Self.environment(home: scratch.home)
        process.standardInput = terminal
        if let standardOutput {
            _ = FileManager.default.createFile(atPath: standardOutput.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: standardOutput)
        } else {
            process.standardOutput = terminal
        }
        process.standardError = terminal
        do {
            try process.run()
        } catch {
            throw ReplTestError(description: "cannot start setsid \(executable.path): \(error)")
        }
        try expectPrompt(timeout: .seconds(10))
        // Now dsbox has made the pty its controlling terminal (or the shell gave it the
        // terminal): its group is in front.
        let leader = tcgetpgrp(master)
        let leadsSession = getsid(leader) == leader
        guard leader > 0, leader != getpgrp(), leadsSession != underJobControlShell else {
            throw failure("dsbox is not the terminal's foreground job as expected (foreground group \(leader))")
        }
        dsboxPID = leader
    }

    deinit { shutDown() }

    /// A small, fixed environment: nothing from the test runner (COLUMNS, an editrc, a
    /// colour setting) changes what dsbox draws.
    static func environment(home: URL) -> [String: String] {
        [
            "HOME": home.path,
            "NO_COLOR": "1",
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    // MARK: - Keys in

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0, errno != EINTR, errno != EAGAIN {
                return
            }
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Types `line`, presses Enter and waits for the next prompt; returns what was shown
    /// in between (the echoed line and the command's output).
    @discardableResult
    func run(_ line: String, timeout: Duration = .seconds(5)) throws -> String {
        send(line)
        send(Key.enter)
        return try expectPrompt(timeout: timeout).before
    }

    // MARK: - Text out

    /// Waits until `needle` appears after what earlier `expect` calls matched; returns
    /// the text up to and including it, and moves past it.
    @discardableResult
    func expect(_ needle: String, timeout: Duration = .seconds(5)) throws -> String {
        let bytes = Array(needle.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let range = text.flat.firstRange(of: bytes, from: consumed) {
                let chunk = String(decoding: text.flat[consumed..<range.upperBound], as: UTF8.self)
                consumed = range.upperBound
                return chunk
            }
            guard !hungUp, ContinuousClock.now < deadline else {
                throw failure("\(needle.debugDescription) did not appear within \(timeout)\(hungUp ? " (dsbox closed the terminal)" : "")")
            }
            pump(until: deadline)
        }
    }

    /// Waits for text matching the regular expression `pattern`; returns the match and
    /// the text before it, and moves past it.
    @discardableResult
    func expect(matching pattern: String, timeout: Duration = .seconds(5)) throws -> (match: String, before: String) {
        let regex = try Regex(pattern)
        let deadline = ContinuousClock.now + timeout
        while true {
            let rest = String(decoding: text.flat[consumed...], as: UTF8.self)
            if let found = try regex.firstMatch(in: rest) {
                consumed += rest.utf8.distance(from: rest.startIndex, to: found.range.upperBound)
                return (String(rest[found.range]), String(rest[..<found.range.lowerBound]))
            }
            guard !hungUp, ContinuousClock.now < deadline else {
                throw failure("nothing matching /\(pattern)/ appeared within \(timeout)\(hungUp ? " (dsbox closed the terminal)" : "")")
            }
            pump(until: deadline)
        }
    }

    /// Waits for the next prompt.
    @discardableResult
    func expectPrompt(timeout: Duration = .seconds(5)) throws -> (match: String, before: String) {
        try expect(matching: Self.promptPattern, timeout: timeout)
    }

    /// Waits until the row the cursor is on reads `line` exactly (see
    /// ``TerminalText/currentLine``): for what only the screen shows, such as a blank
    /// libedit skips over with a cursor move instead of drawing.
    func expectCurrentLine(_ line: String, timeout: Duration = .seconds(5)) throws {
        let deadline = ContinuousClock.now + timeout
        while text.currentLine != line {
            guard !hungUp, ContinuousClock.now < deadline else {
                throw failure("the cursor's row never read \(line.debugDescription) within \(timeout); it reads \(text.currentLine.debugDescription)")
            }
            pump(until: deadline)
        }
    }

    /// Reads until `condition` holds, or throws after `timeout` saying `what` never happened.
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard !hungUp, ContinuousClock.now < deadline else {
                throw failure("\(what) did not happen within \(timeout)")
            }
            pump(until: deadline)
        }
    }

    /// The row the cursor is on, as the screen shows it.
    var currentLine: String { text.currentLine }

    /// The cursor's column (0-based).
    var cursorColumn: Int { text.column }

    /// How many times dsbox cleared the whole screen.
    var screenClears: Int { text.screenClears }

    /// Reads whatever arrives during `duration`.
    func settle(for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !hungUp, ContinuousClock.now < deadline { pump(until: deadline) }
    }

    /// Everything shown so far, escape sequences stripped.
    var output: String { String(decoding: text.flat, as: UTF8.self) }

    /// Everything shown since the last match of `expect`.
    var unmatchedOutput: String { String(decoding: text.flat[consumed...], as: UTF8.self) }

    /// The lines as the screen ended up showing them (see ``TerminalText/screenLines``).
    var screenLines: [String] { text.screenLines }

    // MARK: - Process

    var isRunning: Bool { process.isRunning }

    /// Waits for dsbox to exit, reading its last output meanwhile; returns its exit status.
    func waitForExit(timeout: Duration = .seconds(5)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw failure("dsbox did not exit within \(timeout)") }
            pump(until: min(deadline, ContinuousClock.now + .milliseconds(20)))
        }
        settle(for: .milliseconds(200))
        return process.terminationStatus
    }

    /// Sends `signal` to dsbox (only while it can be ours: `setsid -w` has not yet
    /// reaped it, so its id cannot have been reused).
    func signalDsbox(_ signal: Int32) {
        guard dsboxPID > 0, process.isRunning else { return }
        kill(dsboxPID, signal)
    }

    /// Puts the terminal back in the normal (cooked) mode it had before dsbox started, as
    /// a shell does when a job stops.
    func restoreNormalModes() throws {
        guard tcsetattr(master, TCSANOW, &normalModes) == 0 else {
            throw failure("tcsetattr failed: errno \(errno)")
        }
    }

    /// Kills dsbox if it is still running and closes the terminal. Safe to call twice.
    func shutDown() {
        if process.isRunning {
            signalDsbox(SIGKILL)
            let deadline = ContinuousClock.now + .seconds(2)
            while process.isRunning, ContinuousClock.now < deadline {
                pump(until: min(deadline, ContinuousClock.now + .milliseconds(20)))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        if !closed {
            Glibc.close(master)
            closed = true
        }
    }

    /// Reads what is available, waiting until `deadline` at the most for something.
    private func pump(until deadline: ContinuousClock.Instant) {
        guard !hungUp, !closed else { return }
        let (seconds, attoseconds) = max(.zero, deadline - ContinuousClock.now).components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 {
            text.append(buffer[0..<count])
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            hungUp = true  // EIO: every copy of the slave side is closed
        }
    }

    private func failure(_ message: String) -> ReplTestError {
        let shown = output
        let tail = shown.count > 3000 ? "…" + String(shown.suffix(3000)) : shown
        return ReplTestError(description: """
            \(message)
            --- terminal (escape sequences stripped; matched up to byte \(consumed) of \(text.flat.count)) ---
            \(tail)
            --- end of terminal ---
            """)
    }
}

/// glibc's pseudo-terminal functions. Swift's Glibc module leaves them out (they are
/// X/Open extensions), so they are looked up in the C library by name.
private struct PseudoTerminalFunctions {
    typealias OpenMaster = @convention(c) (Int32) -> Int32
    typealias Grant = @convention(c) (Int32) -> Int32
    typealias SlaveName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    let openMaster: OpenMaster
    let grant: Grant
    let unlock: Grant
    let slaveName: SlaveName

    init() throws {
        let program = dlopen(nil, RTLD_NOW)
        func function<F>(_ name: String, as type: F.Type) throws -> F {
            guard let symbol = dlsym(program, name) else {
                throw ReplTestError(description: "\(name) is missing from the C library")
            }
            return unsafeBitCast(symbol, to: type)
        }
        openMaster = try function("posix_openpt", as: OpenMaster.self)
        grant = try function("grantpt", as: Grant.self)
        unlock = try function("unlockpt", as: Grant.self)
        slaveName = try function("ptsname", as: SlaveName.self)  // tests run one at a time
    }
}
