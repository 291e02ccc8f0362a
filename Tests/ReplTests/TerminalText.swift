/// What a program wrote to a terminal, read back two ways:
///
/// - `flat`: the bytes with every control sequence and carriage return taken out, for
///   finding text the program printed;
/// - `screenLines`: the lines as a screen ends up showing them. A small model of the
///   screen (rows without a height limit, so nothing scrolls away) follows newline,
///   carriage return, backspace, `CSI n A` / `B` / `C` / `D` / `G` (cursor moves),
///   `CSI K` (erase in line), `CSI n @` / `P` (insert or delete characters), insert mode
///   (`CSI 4 h` / `l`) and `CSI 2 J` (clear the screen, as Ctrl-L sends it), which is
///   what libedit uses to redraw the line being edited. So a line that was cleared and
///   rewritten reads as its final text, and a gap the cursor skipped over as a blank.
///
/// Bytes are fed one at a time through a state machine, so a sequence split across two
/// reads is still recognised whole. Besides CSI it skips OSC and the other string
/// sequences (ended by BEL or `ESC \`), character-set designations (`ESC ( B`) and
/// two-byte escapes (`ESC =`).
struct TerminalText {
    private enum State {
        case text, escape, controlSequence, string, stringEscape, designation
    }

    private(set) var flat: [UInt8] = []
    private var state = State.text
    private var parameters: [UInt8] = []
    /// The screen's rows, one cell per column, each holding one character's UTF-8 bytes.
    private var rows: [[[UInt8]]] = [[]]
    /// The cursor's row in `rows`.
    private var rowIndex = 0
    /// The cursor's column (0-based).
    private(set) var column = 0
    /// Insert mode (`CSI 4 h`): drawn characters push the rest of the row right.
    private var inserting = false
    /// How many times the whole screen was cleared (`CSI 2 J` or `CSI 3 J`).
    private(set) var screenClears = 0

    mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { take(byte) }
    }

    /// Every row so far as the screen shows it, up to the last row written or moved to.
    var screenLines: [String] { rows.map(Self.text(of:)) }

    /// The row the cursor is on, as the screen shows it (blanks where nothing was drawn).
    var currentLine: String { Self.text(of: rows[rowIndex]) }

    private static func text(of row: [[UInt8]]) -> String { String(decoding: row.joined(), as: UTF8.self) }

    private mutating func take(_ byte: UInt8) {
        switch state {
        case .text:
            switch byte {
            case 0x1B: state = .escape
            case 0x0D: column = 0
            case 0x0A:
                flat.append(byte)
                moveToRow(rowIndex + 1)
                column = 0
            case 0x08: column = max(0, column - 1)
            case 0x09:
                flat.append(byte)
                column = (column / 8 + 1) * 8
            case 0..<0x20, 0x7F: break
            default:
                flat.append(byte)
                draw(byte)
            }
        case .escape:
            switch byte {
            case UInt8(ascii: "["):
                parameters = []
                state = .controlSequence
            case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
                state = .string
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "#"):
                state = .designation
            default: state = .text
            }
        case .controlSequence:
            if (0x40...0x7E).contains(byte) {
                state = .text
                perform(final: byte)
            } else {
                parameters.append(byte)
            }
        case .string:
            if byte == 0x07 { state = .text } else if byte == 0x1B { state = .stringEscape }
        case .stringEscape:
            state = byte == UInt8(ascii: "\\") ? .text : .string
        case .designation:
            state = .text
        }
    }

    private mutating func moveToRow(_ index: Int) {
        rowIndex = max(0, index)
        while rows.count <= rowIndex { rows.append([]) }
    }

    /// Writes a printable byte at the cursor; UTF-8 continuation bytes join the
    /// character before them.
    private mutating func draw(_ byte: UInt8) {
        if (0x80...0xBF).contains(byte), column > 0, column - 1 < rows[rowIndex].count {
            rows[rowIndex][column - 1].append(byte)
            return
        }
        while rows[rowIndex].count < column { rows[rowIndex].append([0x20]) }
        if inserting, column < rows[rowIndex].count {
            rows[rowIndex].insert([byte], at: column)
        } else if column < rows[rowIndex].count {
            rows[rowIndex][column] = [byte]
        } else {
            rows[rowIndex].append([byte])
        }
        column += 1
    }

    /// The cursor moves and erases of a control sequence; others change nothing here.
    private mutating func perform(final: UInt8) {
        let text = String(decoding: parameters, as: UTF8.self)
        let number = Int(text.split(separator: ";").first ?? "")
        let count = max(1, number ?? 1)
        switch final {
        case UInt8(ascii: "A"): moveToRow(rowIndex - count)
        case UInt8(ascii: "B"): moveToRow(rowIndex + count)
        case UInt8(ascii: "G"): column = max(0, (number ?? 1) - 1)
        case UInt8(ascii: "C"): column += count
        case UInt8(ascii: "D"): column = max(0, column - count)
        case UInt8(ascii: "H"): column = 0  // only a clear (Ctrl-L) homes the cursor here
        case UInt8(ascii: "J") where number == 2 || number == 3:
            rows = [[]]
            rowIndex = 0
            column = 0
            screenClears += 1
        case UInt8(ascii: "K"):
            switch number ?? 0 {
            case 0: if column < rows[rowIndex].count { rows[rowIndex].removeSubrange(column...) }
            case 1: for index in 0..<min(column + 1, rows[rowIndex].count) { rows[rowIndex][index] = [0x20] }
            default: rows[rowIndex] = []
            }
        case UInt8(ascii: "@"):
            if column < rows[rowIndex].count {
                rows[rowIndex].insert(contentsOf: Array(repeating: [0x20], count: count), at: column)
            }
        case UInt8(ascii: "P"):
            if column < rows[rowIndex].count {
                rows[rowIndex].removeSubrange(column..<min(column + count, rows[rowIndex].count))
            }
        case UInt8(ascii: "h") where text == "4": inserting = true
        case UInt8(ascii: "l") where text == "4": inserting = false
        default: break
        }
    }
}

extension Array where Element == UInt8 {
    /// The first place `needle` occurs at or after `start`.
    func firstRange(of needle: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, count - start >= needle.count else { return nil }
        var index = start
        while index + needle.count <= count {
            if self[index] == needle[0], self[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }
}
