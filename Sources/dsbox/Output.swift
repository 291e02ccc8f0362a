import Foundation

/// Writes transcript text to standard output and errors to standard error, unbuffered
/// by Swift so the two interleave in the order they happened.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
