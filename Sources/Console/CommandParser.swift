import ProtocolKit
import SandboxCore
import Simulator

/// Turns one line of text into a ``Command``, or into a ``CommandError`` with the
/// column and the usage. It never touches the simulation; commands that name nodes
/// that do not exist are refused later, when they are carried out.
public enum CommandParser {
    /// Parses `line` against `catalog`'s commands; nil for a blank line or a comment.
    public static func parse(_ line: String, catalog: CommandCatalog = .standard) -> Result<ParsedCommand?, CommandError> {
        let tokens = Tokenizer.tokens(of: line)
        guard let first = tokens.first else { return .success(nil) }
        // A missing word is reported where the command ends: at a comment, or past the end.
        let endColumn = (line.firstIndex(of: "#").map { line.distance(from: line.startIndex, to: $0) } ?? line.count) + 1
        guard let entry = catalog.entry(for: first.text) else {
            let suggestions = catalog.suggestions(for: first.text)
            let hint = suggestions.isEmpty ? "; type help for the list" : "; did you mean \(suggestions.joined(separator: ", "))?"
            return .failure(CommandError(column: first.column, message: "unknown command '\(first.text)'\(hint)"))
        }
        var cursor = TokenCursor(tokens: tokens, usage: entry.usage, endColumn: endColumn)
        do {
            let command = try entry.parse(&cursor, catalog)
            try cursor.expectEnd()
            return .success(ParsedCommand(command: command, line: line, word: entry.word, nodeColumns: cursor.nodeColumns,
                                          eventColumns: cursor.eventColumns, pathColumn: cursor.pathColumn, endColumn: endColumn))
        } catch {
            return .failure(error)
        }
    }
}
