import CEditLine
import Foundation
import Synchronization

/// What completes a word: the line up to the cursor, to candidates for its last word.
private let completionSource = Mutex<(@Sendable (String) -> [String])?>(nil)

/// Line editing with libedit, one character at a time, so the caller can do other work
/// (stream live events) between keystrokes without garbling the line being typed.
///
/// Emacs key bindings, Up/Down history, Ctrl-R search, Ctrl-L and UTF-8 input come from
/// libedit. No editing key ends the prompt: only Ctrl-D on an empty line, or standard
/// input closing. The history is kept here too, in the order it was typed (a line typed
/// twice in a row is kept once), bounded, and saved to a plain file of one line each.
/// There is one terminal, so there should be one editor per process.
public final class LineEditor {
    /// What one call to ``readCharacter()`` led to.
    public enum Input: Equatable, Sendable {
        /// The line is still being typed.
        case typing
        /// A complete line (the editor has stopped; call ``begin(prompt:)`` for the next).
        case line(String)
        /// Ctrl-D on an empty line (the editor has stopped).
        case end
        /// Standard input ended or failed: the terminal hung up (the editor has stopped).
        case closed
    }

    private let editor: OpaquePointer
    private let historyFile: URL?
    private let historyLimit: Int
    private var history: [String] = []
    private var active = false

    public init?(name: String, historyFile: URL?, historyLimit: Int = 1000) {
        guard let editor = dsbox_editor_new(name, Int32(historyLimit)) else { return nil }
        self.editor = editor
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        dsbox_editor_set_completer(editor, completeWord)
        dsbox_editor_set_wait_check(editor) { Interrupts.isPending || TerminalSignals.isPending ? 1 : 0 }
        loadHistory()
    }

    deinit { dsbox_editor_free(editor) }

    /// Sets what Tab completes.
    public func setCompletion(_ source: @escaping @Sendable (_ lineUpToCursor: String) -> [String]) {
        completionSource.withLock { $0 = source }
    }

    /// Shows `prompt` and starts editing a new line.
    public func begin(prompt: String) {
        dsbox_editor_set_prompt(editor, prompt)
        dsbox_editor_start(editor)
        active = true
        TerminalSignals.catchSuspend(true)
    }

    /// Stops editing (the terminal goes back to normal mode), e.g. while a command runs.
    public func end() {
        guard active else { return }
        dsbox_editor_stop(editor)
        stopped()
    }

    /// The editor has stopped (the C side puts the terminal back itself after a line).
    private func stopped() {
        active = false
        TerminalSignals.catchSuspend(false)
    }

    /// Handles one character of input; call when standard input is readable.
    public func readCharacter() -> Input {
        var line: UnsafeMutablePointer<CChar>?
        switch dsbox_editor_read(editor, &line) {
        case 1:
            stopped()
            defer { free(line) }
            return .line(line.map { String(cString: $0) } ?? "")
        case -1:
            stopped()
            return dsbox_editor_input_ended(editor) != 0 ? .closed : .end
        default:
            return .typing
        }
    }

    /// Prints `text` above the line being typed, then shows `prompt` and the line again
    /// with the cursor where it was.
    public func printAbove(_ text: String, prompt: String) {
        guard active else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        restart(prompt: prompt) {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
        }
    }

    /// Ctrl-Z: puts the terminal back in normal mode, stops dsbox as a shell expects, and
    /// once continued (`fg`) shows `prompt` and the line being typed again.
    public func suspend(prompt: String) {
        guard active else { return }
        restart(prompt: prompt) {
            FileHandle.standardOutput.write(Data("\n".utf8))
            dsbox_stop_as_if_suspended()
        }
        _ = TerminalSignals.takeContinue()  // the redraw is done
    }

    /// Sets the terminal up again and redraws `prompt` and the line being typed, on the
    /// row the cursor is on (after a stop and continue, when the shell may have changed
    /// the terminal's modes).
    public func redraw(prompt: String) {
        guard active else { return }
        restart(prompt: prompt) {
            FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
        }
    }

    /// Stops editing, does `work` with the terminal in normal mode, and starts editing
    /// again with the line and the cursor as they were.
    private func restart(prompt: String, around work: () -> Void) {
        var cursor: Int32 = 0
        let saved = dsbox_editor_line(editor, &cursor).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? ""
        let left = Array(saved.utf8).count - Int(cursor)
        let charactersLeft = String(decoding: Array(saved.utf8).suffix(max(left, 0)), as: UTF8.self).count
        end()
        work()
        begin(prompt: prompt)
        if !saved.isEmpty { dsbox_editor_type(editor, saved, Int32(charactersLeft)) }
    }

    /// Throws away the line being typed (Ctrl-C at the prompt) and shows a fresh prompt.
    public func discardLine(prompt: String) {
        end()
        FileHandle.standardOutput.write(Data("^C\n".utf8))
        begin(prompt: prompt)
    }

    /// Adds a line to the history, unless it repeats the line just before it, and saves
    /// the file. Earlier copies stay where they are, so Up walks back through the
    /// session in the order it was typed.
    public func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != history.last else { return }
        history.append(trimmed)
        dsbox_editor_history_add(editor, trimmed)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        saveHistory()
    }

    /// The terminal's width in columns (standard output's), or nil when it is not a
    /// terminal or cannot say.
    public static var terminalColumns: Int? {
        let columns = Int(dsbox_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? columns : nil
    }

    /// Writes the history file (one line per entry, oldest first).
    public func saveHistory() {
        guard let historyFile else { return }
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data((history.joined(separator: "\n") + "\n").utf8).write(to: historyFile)
    }

    private func loadHistory() {
        guard let historyFile, let data = try? Data(contentsOf: historyFile) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where String(line) != history.last {
            history.append(String(line))
        }
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        for entry in history { dsbox_editor_history_add(editor, entry) }
    }
}

/// libedit calls this on Tab. One candidate: insert the rest of it and a space (no space
/// after a directory). Several: insert what they share; on a second Tab in a row, list
/// them.
private func completeWord(_ line: UnsafePointer<CChar>?, _ repeated: Int32,
                          _ insert: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                          _ listing: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
    guard let line, let source = completionSource.withLock({ $0 }) else { return }
    let upToCursor = String(cString: line)
    let candidates = source(upToCursor)
    guard !candidates.isEmpty else { return }
    let word = currentWord(of: upToCursor)
    let common = commonPrefix(candidates)
    var addition = common.hasPrefix(word) ? String(common.dropFirst(word.count)) : ""
    if candidates.count == 1, !common.hasSuffix("/") { addition += " " }
    if !addition.isEmpty { insert?.pointee = strdup(addition) }
    if candidates.count > 1, addition.isEmpty, repeated != 0 {
        listing?.pointee = strdup(columns(candidates) + "\n")
    }
}

/// The word being completed: what follows the last space or `|`.
private func currentWord(of line: String) -> String {
    String(line.reversed().prefix { !$0.isWhitespace && $0 != "|" }.reversed())
}

private func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for word in words.dropFirst() {
        while !word.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}

/// Candidates laid out in columns across an 80-column screen.
private func columns(_ words: [String]) -> String {
    let width = (words.map(\.count).max() ?? 0) + 2
    let perLine = max(1, 80 / width)
    var lines: [String] = []
    for start in stride(from: 0, to: words.count, by: perLine) {
        let row = words[start..<min(start + perLine, words.count)]
        lines.append(row.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
            .trimmingCharacters(in: .whitespaces))
    }
    return lines.joined(separator: "\n")
}
