import Console
import Foundation

/// Writes transcript text to standard output and errors to standard error, unbuffered
/// by Swift so the two interleave in the order they happened.
///
/// Writes go straight to the file descriptors and check every error: when standard
/// output cannot be written (a full disk, `/dev/full`), dsbox says so on standard error
/// and exits with status 1 instead of trapping.
enum Output {
    static func write(_ text: String) {
        if let code = SafeFile.writeAll(text, to: STDOUT_FILENO) {
            _ = SafeFile.writeAll("dsbox: cannot write the transcript to standard output: \(String(cString: strerror(code)))\n",
                                  to: STDERR_FILENO)
            exit(1)
        }
    }

    /// A line on standard error.
    static func error(_ text: String) { prompt(text + "\n") }

    /// Text on standard error as it is (a prompt, with no newline).
    static func prompt(_ text: String) { _ = SafeFile.writeAll(text, to: STDERR_FILENO) }
}
