import ProtocolKit
import Console
import Foundation
import Protocols
import Testing
import Views

/// The README's command reference and `help` stay in step with what the parser accepts.
@Suite struct DocumentationTests {
    static let readme: String = {
        let url = SessionFixtures.sessionsDirectory.deletingLastPathComponent().appendingPathComponent("README.md")
        return (try? SessionFixtures.read(url)) ?? ""
    }()

    @Test func readmeOpensWithTheTwoSetUpCommands() {
        let opening = Self.readme.split(separator: "\n").prefix(8).joined(separator: "\n")
        #expect(opening.contains("scripts/dsbox"))
        #expect(opening.contains("scripts/test"))
    }

    @Test(arguments: CommandCatalog.standard.entries.map(\.word))
    func everyCommandIsInTheReadmeReference(_ word: String) {
        let rows = Self.readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.contains { $0.contains("`\(word) ") || $0.contains("`\(word)`") },
                "README's command table lacks \(word)")
    }

    @Test(arguments: ProtocolRegistry.standard.names)
    func everyBehaviourIsDocumented(_ name: String) {
        #expect(Self.readme.contains("`\(name)`"))
    }

    @Test(arguments: CommandCatalog.standard.entries)
    func everyExampleParses(_ entry: CommandCatalog.Entry) {
        guard case .success(let parsed?) = CommandParser.parse(entry.example) else {
            Issue.record("the example of \(entry.word) does not parse: \(entry.example)")
            return
        }
        #expect(parsed.word == entry.word)
    }

    @Test func helpListsEveryCommandOnce() async {
        let session = Session(directory: FileManager.default.temporaryDirectory)
        let help = await session.execute("help").output
        for entry in CommandCatalog.standard.entries {
            #expect(help.components(separatedBy: "\n  \(entry.synopsis)").count == 2, "\(entry.word)")
        }
        let one = await session.execute("help partition").output
        #expect(one.contains("usage:   partition NODE... | NODE..."))
        #expect(one.contains("example: partition n1 n2 | n3 n4 n5"))
    }

    @Test func readmeGivesTheShiVizRegexTheExportIsParsedWith() {
        #expect(Self.readme.contains("\n" + ShiVizExport.parsingRegex + "\n"))
    }

    @Test func unknownCommandSuggestsTheNearest() {
        guard case .failure(let error) = CommandParser.parse("partiton n1 | n2") else {
            Issue.record("a misspelt command parsed")
            return
        }
        #expect(error.column == 1)
        #expect(error.message.contains("did you mean partition"))
    }
}
