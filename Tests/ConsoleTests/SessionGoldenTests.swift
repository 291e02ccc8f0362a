import Console
import Foundation
import Testing

/// Every saved session replays to its expected transcript, byte for byte.
@Suite struct SessionGoldenTests {
    @Test func thereAreSessionsToReplay() {
        #expect(SessionFixtures.scripts.contains("tour.dsb"))
    }

    @Test(arguments: SessionFixtures.scripts)
    func replaysToExpectedTranscript(_ script: String) async throws {
        let scratch = try SessionFixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let text = try SessionFixtures.read(scratch.appendingPathComponent(script))
        let expectedURL = SessionFixtures.sessionsDirectory.appendingPathComponent(script.replacingOccurrences(of: ".dsb", with: ".out"))
        let expected = try SessionFixtures.read(expectedURL)
        let (output, failure) = await SessionFixtures.transcript(of: text, file: script, in: scratch)
        #expect(failure == nil, "\(failure?.rendered ?? "")")
        if output != expected {
            let outputLines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(outputLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
            let line = firstDifference?.offset ?? min(outputLines.count, expectedLines.count)
            Issue.record("""
                \(script) differs from its .out at line \(line + 1):
                  expected: \(line < expectedLines.count ? String(expectedLines[line]) : "<end>")
                  actual:   \(line < outputLines.count ? String(outputLines[line]) : "<end>")
                """)
        }
    }
}
