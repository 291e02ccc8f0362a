import Foundation

/// Runs each measured case in a fresh child process (this same executable, invoked as
/// `DsboxBench case LOOP NODES`), so that each peak-memory reading belongs to one case.
enum CaseRunner {
    static func run(_ loop: LoopKind, nodes: Int) throws -> CaseResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["case", loop.rawValue, String(nodes)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let result = CaseResult(parsing: text) else {
            throw Failure(description: "case \(loop.rawValue) \(nodes) failed (status \(process.terminationStatus)): \(text)")
        }
        return result
    }

    /// A child that crashed or printed no result.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }
}
