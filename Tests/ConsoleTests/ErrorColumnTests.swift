import Console
import Foundation
import Testing

/// Errors about an event or a file point at the word that named it, wherever it stands.
@Suite struct ErrorColumnTests {
    @Test(arguments: [
        ("diagram n1 highlight e99", 22),
        ("order e3 e99", 10),
        ("concurrent e3 e4 e99", 18),
        ("causal-past e99", 13),
        ("show event e99", 12),
        ("export mermaid /no/such/dir/x.mmd", 16),
        ("save /no/such/dir/x.dsb", 6),
    ])
    func pointsAtTheWordNamed(line: String, column: Int) async {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        for setUp in ["spawn 2", "local n1", "local n2"] { _ = await session.execute(setUp) }
        let outcome = await session.execute(line)
        #expect(outcome.error?.column == column, "\(line): \(outcome.error?.rendered ?? "no error")")
    }
}
