import CEditLine
import Foundation
import Synchronization

/// What completes a word: the line up to the cursor, to candidates for its last word.
private let completionSource = Mutex<(@Sendable (String) -> [String])?>(nil)

/// Line editing with libedit, one character at a time, so the caller can do other work
/// (stream live events) between keystrokes without garbling the line being typed.
///
/// Emacs key bindings, Up/Down history, Ctrl-R search and UTF-8 input come from libedit.
/// The history is kept here too, de-duplicated and bounded, and saved to a plain file of
/// one line each. There is one terminal, so there should be one editor per process.
public final class LineEditor {
    /// What one call to ``readCharacter()`` led to.
    public enum Input: Equatable, Sendable {
        /// The line is still being typed.
        case typing
        /// A complete line (the editor has stopped; call ``begin(prompt:)`` for the next).
        case line(String)
        /// End of input: Ctrl-D on an empty line (the editor has stopped).
        case end
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
    }

    /// Stops editing (the terminal goes back to normal mode), e.g. while a command runs.
    public func end() {
        guard active else { return }
        dsbox_editor_stop(editor)
        active = false
    }

    /// Handles one character of input; call when standard input is readable.
    public func readCharacter() -> Input {
        var line: UnsafeMutablePointer<CChar>?
        switch dsbox_editor_read(editor, &line) {
        case 1:
            active = false
            defer { free(line) }
            return .line(line.map { String(cString: $0) } ?? "")
        case -1:
            active = false
            return .end
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
        var cursor: Int32 = 0
        let saved = dsbox_editor_line(editor, &cursor).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? ""
        let left = Array(saved.utf8).count - Int(cursor)
        let charactersLeft = String(decoding: Array(saved.utf8).suffix(max(left, 0)), as: UTF8.self).count
        dsbox_editor_stop(editor)
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
        begin(prompt: prompt)
        if !saved.isEmpty { dsbox_editor_type(editor, saved, Int32(charactersLeft)) }
    }

    /// Throws away the line being typed (Ctrl-C at the prompt) and shows a fresh prompt.
    public func discardLine(prompt: String) {
        end()
        FileHandle.standardOutput.write(Data("^C\n".utf8))
        begin(prompt: prompt)
    }

    /// Adds a line to the history (moving an earlier copy to the end) and saves the file.
    public func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        history.removeAll { $0 == trimmed }
        history.append(trimmed)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        dsbox_editor_history_clear(editor)
        for entry in history { dsbox_editor_history_add(editor, entry) }
        saveHistory()
    }

    /// Writes the history file (one line per entry, oldest first).
    public func saveHistory() {
        guard let historyFile else { return }
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data((history.joined(separator: "\n") + "\n").utf8).write(to: historyFile)
    }

    private func loadHistory() {
        guard let historyFile, let data = try? Data(contentsOf: historyFile) else { return }
        var seen = Set<String>()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        for line in lines.reversed() where seen.insert(line).inserted { history.insert(line, at: 0) }
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
