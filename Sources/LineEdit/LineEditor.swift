import CEditLine
import Foundation
import Synchronization

/// Lines the C line handler has completed, waiting to be taken (nil: end of input).
private let completedLines = Mutex<[String?]>([])
/// What completes a word: given the line up to the cursor, the candidates for its last word.
private let completionSource = Mutex<(@Sendable (String) -> [String])?>(nil)

/// Line editing with libedit's readline-compatible API, driven one character at a time
/// (the "callback" interface) so the caller can do other work, such as streaming live
/// events, between keystrokes without garbling the line being typed.
///
/// Emacs key bindings, Up/Down history, Ctrl-R search and UTF-8 input come from libedit.
/// History is kept here, de-duplicated and bounded, in a plain file of one line each.
/// There is one terminal, so there should be one editor per process.
public final class LineEditor {
    private let historyFile: URL?
    private let historyLimit: Int
    private var history: [String] = []
    private var installed = false

    public init(name: String, historyFile: URL?, historyLimit: Int = 1000) {
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        dsbox_rl_configure(name, completeWord)
        using_history()
        loadHistory()
    }

    /// Sets what Tab completes.
    public func setCompletion(_ source: @escaping @Sendable (_ lineUpToCursor: String) -> [String]) {
        completionSource.withLock { $0 = source }
    }

    /// Shows `prompt` and starts collecting a line.
    public func begin(prompt: String) {
        rl_callback_handler_install(prompt, lineCompleted)
        installed = true
    }

    /// Stops collecting (the terminal goes back to normal mode), e.g. while a command runs.
    public func end() {
        guard installed else { return }
        rl_callback_handler_remove()
        installed = false
    }

    /// Feeds one character of input to the editor; call when standard input is readable.
    public func readCharacter() { rl_callback_read_char() }

    /// Lines completed since the last call, oldest first; nil stands for end of input (Ctrl-D).
    public func takeLines() -> [String?] {
        completedLines.withLock { lines in
            defer { lines = [] }
            return lines
        }
    }

    /// Prints `text` above the line being typed, then redraws the prompt and the line.
    public func printAbove(_ text: String) {
        guard installed else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let saved = String(cString: dsbox_rl_line_buffer())
        rl_replace_line("", 0)
        rl_redisplay()
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
        rl_replace_line(saved, 0)
        rl_forced_update_display()
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
        clear_history()
        for entry in history { add_history(entry) }
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
        for entry in history { add_history(entry) }
    }
}

/// libedit calls this when a line is complete (nil at end of input).
private func lineCompleted(_ line: UnsafeMutablePointer<CChar>?) {
    let text = line.map { String(cString: $0) }
    completedLines.withLock { $0.append(text) }
    free(line)
}

/// libedit calls this on Tab: returns a malloc'd, NULL-terminated array whose first
/// entry replaces the word (the candidates' common prefix) and the rest are listed on
/// a second Tab.
private func completeWord(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    dsbox_rl_completion_over()
    let buffer = Array(String(cString: dsbox_rl_line_buffer()).utf8)
    let upToCursor = String(decoding: buffer.prefix(Int(end)), as: UTF8.self)
    guard let source = completionSource.withLock({ $0 }) else { return nil }
    let candidates = source(upToCursor)
    guard !candidates.isEmpty else { return nil }
    dsbox_rl_set_append_character(candidates.count == 1 && candidates[0].hasSuffix("/") ? 0 : 32)
    let common = commonPrefix(candidates)
    let entries = candidates.count == 1 ? candidates : [common] + candidates
    // libedit frees the array and its strings with free(), so both come from malloc.
    let slot = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride
    guard let raw = malloc(slot * (entries.count + 1)) else { return nil }
    let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
    array[entries.count] = nil
    return array
}

private func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for word in words.dropFirst() {
        while !word.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
