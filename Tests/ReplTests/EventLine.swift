/// One trace line as dsbox prints it (`e5     2.914863s   n1    wall 2.914863s   L1    send      a to n2`),
/// split into the columns that must match between a live session and its replay.
/// Network events have no wall clock or Lamport column (`e4  0.000000s  net  network  latency 100ms`).
struct EventLine: Equatable, CustomStringConvertible {
    let id: String
    let time: String
    let node: String
    let kind: String
    let text: String

    /// The columns of `line`, or nil when it is not an event line (`e<digits>` first).
    init?(_ line: String) {
        let tokens = line.split(separator: " ").map(String.init)
        guard tokens.count >= 4, let first = tokens.first, first.count > 1, first.hasPrefix("e"),
              first.dropFirst().allSatisfy(\.isASCII), first.dropFirst().allSatisfy(\.isNumber) else { return nil }
        var index = 3
        if tokens[index] == "wall" { index += 2 }
        if index < tokens.count, tokens[index].count > 1, tokens[index].hasPrefix("L"),
           tokens[index].dropFirst().allSatisfy(\.isNumber) {
            index += 1
        }
        guard index < tokens.count else { return nil }
        id = first
        time = tokens[1]
        node = tokens[2]
        kind = tokens[index]
        text = tokens[(index + 1)...].joined(separator: " ")
    }

    /// The event lines among `lines`, in order.
    static func all(in lines: [String]) -> [EventLine] { lines.compactMap(EventLine.init) }

    /// The event lines of a transcript.
    static func all(in transcript: String) -> [EventLine] {
        all(in: transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    var description: String { [id, time, node, kind, text].joined(separator: " | ") }
}
