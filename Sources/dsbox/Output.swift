import Foundation

/// Writes transcript text to standard output and errors to standard error, unbuffered
/// by Swift so the two interleave in the order they happened.
///
/// Writes go straight to the file descriptors and check every error: when standard
/// output cannot be written (a full disk, `/dev/full`), dsbox says so on standard error
/// and exits with status 1 instead of trapping.
enum Output {
    static func write(_ text: String) {
        if let problem = writeAll(text, to: STDOUT_FILENO) {
            _ = writeAll("dsbox: cannot write the transcript to standard output: \(problem)\n", to: STDERR_FILENO)
            exit(1)
        }
    }

    static func error(_ text: String) {
        _ = writeAll(text + "\n", to: STDERR_FILENO)
    }

    /// Writes every byte of `text`, retrying after signals; the reason it failed, or nil.
    private static func writeAll(_ text: String, to descriptor: Int32) -> String? {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            bytes = bytes.dropFirst(written)
        }
        return nil
    }
}
