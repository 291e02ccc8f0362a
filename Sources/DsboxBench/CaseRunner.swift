import Foundation

/// Runs each measured case in a fresh child process (this same executable, invoked as
/// `DsboxBench case LOOP NODES`), so that each peak-memory reading belongs to one case.
enum CaseRunner {
    static func run(_ loop: LoopKind, nodes: Int) throws -> CaseResult {
        let (status, text) = try runChild(["case", loop.rawValue, String(nodes)])
        guard status == 0, let result = CaseResult(parsing: text) else {
            throw Failure(description: "case \(loop.rawValue) \(nodes) failed (status \(status)): \(text)")
        }
        return result
    }

    /// Runs this executable with `arguments` and returns its exit status and output.
    static func runChild(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A child that crashed or printed no result.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }
}
