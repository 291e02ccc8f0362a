/// One row of the key table: on a line holding `typed` (empty for an empty line), press
/// `keys`, type `after`; the line must then read `line`, as a readline user expects.
/// Every expected line is a `spawn N`, so running it shows that the line dsbox ran is
/// the line on screen: exactly N more nodes.
struct KeyRow: CustomStringConvertible {
    let key: String
    let typed: String
    let keys: [UInt8]
    let after: String
    let line: String
    /// Whether the key clears the screen (Ctrl-L).
    var clearsScreen = false

    /// How many nodes the line spawns.
    var spawned: Int { Int(line.split(separator: " ").last ?? "") ?? 0 }

    var description: String {
        "\(key) on \(typed.isEmpty ? "an empty line" : "the line \(typed.debugDescription)")"
    }
}

/// The keys a readline user presses, each on an empty line and on a line with text.
/// Every one of them once ended dsbox when it left the line empty. Rows run in order in
/// one dsbox: the Up/Down rows find the rows before them in the history, and the Ctrl-Y
/// rows yank what the same row killed.
enum KeyTable {
    static let rows: [KeyRow] = editing + moving + history + others

    /// Keys that delete text.
    static let editing: [KeyRow] = [
        KeyRow(key: "Ctrl-U", typed: "", keys: Key.controlU, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-U", typed: "spawn 9", keys: Key.controlU, after: "spawn 2", line: "spawn 2"),
        KeyRow(key: "Ctrl-W", typed: "", keys: Key.controlW, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-W on the last word", typed: "spawn", keys: Key.controlW, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-W", typed: "spawn 9", keys: Key.controlW, after: "3", line: "spawn 3"),
        KeyRow(key: "Ctrl-A Ctrl-K", typed: "", keys: Key.controlA + Key.controlK, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-A Ctrl-K", typed: "spawn 9", keys: Key.controlA + Key.controlK, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Backspace", typed: "", keys: Key.backspace, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Backspace", typed: "spawn 9", keys: Key.backspace, after: "2", line: "spawn 2"),
        KeyRow(key: "Delete", typed: "", keys: Key.delete, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Left Left Delete", typed: "spawn 12", keys: Key.left + Key.left + Key.delete, after: "", line: "spawn 2"),
        KeyRow(key: "Delete at the end", typed: "spawn 1", keys: Key.delete, after: "", line: "spawn 1"),
        KeyRow(key: "Left Left Ctrl-D", typed: "spawn 12", keys: Key.left + Key.left + Key.controlD, after: "", line: "spawn 2"),
        KeyRow(key: "Ctrl-D at the end", typed: "spawn 1", keys: Key.controlD, after: "", line: "spawn 1"),
        KeyRow(key: "Ctrl-T", typed: "", keys: Key.controlT, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-T", typed: "spanw", keys: Key.controlT, after: " 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-U Ctrl-Y", typed: "spawn 3", keys: Key.controlU + Key.controlY, after: "", line: "spawn 3"),
        KeyRow(key: "Ctrl-W Ctrl-Y", typed: "spawn 2", keys: Key.controlW + Key.controlY, after: "1", line: "spawn 21"),
        KeyRow(key: "Ctrl-_", typed: "", keys: Key.controlUnderscore, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-_", typed: "spawn 1", keys: Key.controlUnderscore, after: "", line: "spawn 1"),
    ]

    /// Keys that move the cursor, in each form a terminal sends them.
    static let moving: [KeyRow] = [
        KeyRow(key: "Left", typed: "", keys: Key.left, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Left", typed: "spawn 2", keys: Key.left, after: "1", line: "spawn 12"),
        KeyRow(key: "Right", typed: "", keys: Key.right, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Left Right", typed: "spawn 2", keys: Key.left + Key.right, after: "1", line: "spawn 21"),
        KeyRow(key: "Ctrl-A", typed: "", keys: Key.controlA, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-A", typed: "pawn 1", keys: Key.controlA, after: "s", line: "spawn 1"),
        KeyRow(key: "Ctrl-E", typed: "", keys: Key.controlE, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-A Ctrl-E", typed: "spawn 1", keys: Key.controlA + Key.controlE, after: "4", line: "spawn 14"),
        KeyRow(key: "Alt-B", typed: "", keys: Key.altB, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Alt-B", typed: "spawn 2", keys: Key.altB, after: "1", line: "spawn 12"),
        KeyRow(key: "Alt-F", typed: "", keys: Key.altF, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-A Alt-F Ctrl-K", typed: "spawn 2", keys: Key.controlA + Key.altF + Key.controlK, after: " 1", line: "spawn 1"),
    ] + homeAndEnd

    /// Home and End as xterm (`ESC [ H`), xterm's application mode (`ESC O H`) and tmux or
    /// screen (`ESC [ 1 ~`) send them.
    static let homeAndEnd: [KeyRow] = [
        ("Home", Key.home), ("Home (ESC O H)", Key.homeApplication), ("Home (ESC [ 1 ~)", Key.homeTmux),
    ].flatMap { name, home in
        [KeyRow(key: name, typed: "", keys: home, after: "spawn 1", line: "spawn 1"),
         KeyRow(key: name, typed: "pawn 1", keys: home, after: "s", line: "spawn 1")]
    } + [
        ("End", Key.end), ("End (ESC O F)", Key.endApplication), ("End (ESC [ 4 ~)", Key.endTmux),
    ].flatMap { name, end in
        [KeyRow(key: name, typed: "", keys: end, after: "spawn 1", line: "spawn 1"),
         KeyRow(key: "Ctrl-A \(name)", typed: "spawn 1", keys: Key.controlA + end, after: "3", line: "spawn 13")]
    }

    /// Keys that walk or search the history (the rows before have filled it).
    static let history: [KeyRow] = [
        KeyRow(key: "Up Down (back to the empty line)", typed: "", keys: Key.up + Key.down, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Up Down (back to the line typed)", typed: "spawn 2", keys: Key.up + Key.down, after: "", line: "spawn 2"),
        KeyRow(key: "Ctrl-R Ctrl-G", typed: "", keys: Key.controlR + Key.controlG, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Ctrl-R sp Ctrl-G", typed: "spawn 2", keys: Key.controlR + Array("sp".utf8) + Key.controlG,
               after: "", line: "spawn 2"),
    ]

    /// Tab, Ctrl-L, the keys that should do nothing, and a pasted line.
    static let others: [KeyRow] = [
        KeyRow(key: "Tab", typed: "", keys: Key.tab, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Tab", typed: "spaw", keys: Key.tab, after: "1", line: "spawn 1"),
        KeyRow(key: "Tab Tab", typed: "", keys: Key.tab + Key.tab, after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Tab Tab", typed: "spawn 1", keys: Key.tab + Key.tab, after: "", line: "spawn 1"),
        KeyRow(key: "Ctrl-L", typed: "", keys: Key.controlL, after: "spawn 1", line: "spawn 1", clearsScreen: true),
        KeyRow(key: "Ctrl-L", typed: "spawn 1", keys: Key.controlL, after: "", line: "spawn 1", clearsScreen: true),
        KeyRow(key: "Insert PgUp PgDn", typed: "", keys: Key.insert + Key.pageUp + Key.pageDown,
               after: "spawn 1", line: "spawn 1"),
        KeyRow(key: "Insert PgUp PgDn", typed: "spawn 2", keys: Key.insert + Key.pageUp + Key.pageDown,
               after: "1", line: "spawn 21"),
        KeyRow(key: "pasting a line that starts with a Tab", typed: "", keys: Key.tab + Array("spawn 1".utf8),
               after: "", line: "spawn 1"),
        KeyRow(key: "pasting text that starts with a Tab", typed: "spawn", keys: Key.tab + Array("1".utf8),
               after: "", line: "spawn 1"),
    ]
}
