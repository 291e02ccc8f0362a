import ProtocolKit
import Protocols

/// Every command's usage, meaning and example, in one place: dsbox's own commands and
/// those of the protocols in a registry. The parser's error messages, Tab completion
/// and `help` all read it.
public struct CommandCatalog: Sendable {
    /// Groups in the order `help` lists them.
    public static let groups = ["nodes", "network", "faults", "clocks", "actions", "time", "inspect", "session"]

    /// The protocols whose commands, views and claims this catalog holds.
    public let registry: ProtocolRegistry
    /// Every command, grouped as `help` lists them (a protocol's commands first in their group).
    public let entries: [Entry]

    /// dsbox's commands and those of the protocols in `registry`.
    public init(registry: ProtocolRegistry) {
        self.registry = registry
        let added = registry.commands.map { Entry(declaredBy: $0.command) }
        let builtins = Self.builtins(registry: registry)
        for entry in added {
            precondition(!builtins.contains { $0.word == entry.word }, "a protocol declares dsbox's own command \(entry.word)")
        }
        entries = Self.groups.flatMap { group in (added + builtins).filter { $0.group == group } }
    }

    /// dsbox's own commands, family by family (each family's file declares its commands
    /// once: usage, summary, example, parsing and completion); `show` and `expect` list the
    /// views and claims of `registry` beside their own.
    static func builtins(registry: ProtocolRegistry) -> [Entry] {
        NodeCommands.entries + NetworkCommands.entries + FaultCommands.entries + ClockCommands.entries
            + ActionCommands.entries + TimeCommands.entries + InspectCommands.entries(registry: registry) + SessionCommands.entries
    }

    /// The standard protocols' catalog.
    public static let standard = CommandCatalog(registry: .standard)

    /// Alternative spellings accepted for command words.
    public static let aliases: [String: String] = ["exit": "quit", "?": "help", "sleep": "run"]

    public func entry(for word: String) -> Entry? {
        let word = Self.aliases[word.lowercased()] ?? word.lowercased()
        return entries.first { $0.word == word }
    }

    /// Command words closest to a misspelt one, for "did you mean".
    public func suggestions(for word: String) -> [String] {
        Self.closest(to: word, among: entries.map(\.word))
    }

    /// Up to three of `choices` within a typo of `word` (about one edit per three letters),
    /// or that `word` begins, nearest first.
    static func closest(to word: String, among choices: [String]) -> [String] {
        let word = word.lowercased()
        let allowed = max(1, word.count / 3)
        // Words whose lengths differ by more than the allowed distance cannot be close,
        // so long garbage costs nothing.
        let plausible = choices.filter { abs($0.count - word.count) <= allowed || $0.hasPrefix(word) }
        let scored: [(word: String, distance: Int)] = plausible.map { ($0, editDistance($0, word)) }
        let close = scored.filter { $0.distance <= allowed || $0.word.hasPrefix(word) }
        let ranked = close.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.word < $1.word }
        return ranked.prefix(3).map(\.word)
    }

    /// Edit distance with adjacent transpositions counted as one edit (the "optimal
    /// string alignment" form of Damerau-Levenshtein), so `spwan` is one edit from
    /// `spawn`, as a typist would count it.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
