import ProtocolKit
import SandboxCore
import Simulator

/// `net` and `link`: latency, loss and duplication, network-wide or per link.
enum NetworkCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "net", group: "network", synopsis: "net latency|loss|dup VALUE",
              usage: ["net latency DURATION", "net latency MIN..MAX", "net latency pareto MIN [ALPHA]",
                      "net loss PERCENT", "net dup PERCENT"],
              summary: "set latency, loss or duplication of every link", example: "net latency 5ms..50ms",
              parse: { cursor, _ throws(CommandError) in try net(&cursor) },
              complete: { request in
                  if request.arguments.isEmpty { return .words(["latency", "loss", "dup"]) }
                  return .words(request.arguments[0] == "latency" && request.arguments.count == 1 ? ["pareto"] : [])
              }),
        .init(word: "link", group: "network", synopsis: "link NODE [->] NODE SETTING VALUE",
              usage: ["link NODE NODE latency|loss|dup VALUE...", "link NODE -> NODE latency|loss|dup VALUE...",
                      "link NODE NODE reset"],
              summary: "override one link (both ways, or one way with ->)", example: "link n1 n2 latency 200ms",
              parse: { cursor, _ throws(CommandError) in try link(&cursor) },
              complete: { request in
                  let count = request.arguments.count
                  if count < 2 || (count == 2 && request.arguments[1] == "->") {
                      return .words(request.context.nodes + (count == 1 ? ["->"] : []))
                  }
                  return .words(["latency", "loss", "dup", "reset"])
              }),
    ]

    private static func net(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        switch try cursor.keyword("setting", from: ["latency", "loss", "dup"]) {
        case "latency": return .netLatency(try latency(&cursor))
        case "loss": return .netLoss(try cursor.percent())
        default: return .netDuplication(try cursor.percent())
        }
    }

    /// `10ms`, `5ms..50ms` or `pareto 5ms [2.5]`.
    static func latency(_ cursor: inout TokenCursor) throws(CommandError) -> LatencyModel {
        if cursor.accept("pareto") {
            let minimum = try cursor.duration(allowZero: false)
            var alpha = 2.0
            if let token = cursor.peek, let value = Double(token.text), token.text.allSatisfy({ $0.isASCII }) {
                guard value >= 0.5, value <= 10 else { throw cursor.error("the Pareto shape must be between 0.5 and 10", at: token) }
                alpha = value
                _ = try cursor.next("shape")
            }
            return .pareto(minimum: minimum, alpha: alpha)
        }
        let token = try cursor.next("latency (e.g. 10ms or 5ms..50ms)")
        guard let dots = token.text.firstRange(of: "..") else {
            guard token.text.first != "-", token.text.first != "+" else {
                throw cursor.error("'\(token.text)': a latency cannot have a sign", at: token)
            }
            return .fixed(try cursor.durationValue(token))
        }
        let lowText = token.text[..<dots.lowerBound], highText = token.text[dots.upperBound...]
        guard case .success(let low) = DurationParser.parse(lowText), case .success(let high) = DurationParser.parse(highText),
              !"+-".contains(lowText.first ?? "+"), !"+-".contains(highText.first ?? "+")
        else { throw cursor.error("'\(token.text)' is not a latency range; write MIN..MAX, e.g. 5ms..50ms", at: token) }
        guard low <= high else { throw cursor.error("'\(token.text)': the minimum is above the maximum", at: token) }
        return .uniform(low, high)
    }

    private static func link(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        let a = try cursor.node()
        let oneWay = cursor.accept("->")
        let b = try cursor.node()
        if cursor.accept("reset") { return .linkReset(a, b, oneWay: oneWay) }
        var change = LinkOverride()
        repeat {
            switch try cursor.keyword("link setting", from: ["latency", "loss", "dup"]) {
            case "latency": change.latency = try latency(&cursor)
            case "loss": change.loss = try cursor.percent()
            default: change.duplication = try cursor.percent()
            }
        } while !cursor.isAtEnd
        return .link(a, b, oneWay: oneWay, change)
    }
}
