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
            let command = if let declared = entry.protocolCommand {
                try protocolCommand(declared, &cursor)
            } else {
                try parse(entry.word, &cursor, catalog)
            }
            try cursor.expectEnd()
            return .success(ParsedCommand(command: command, line: line, word: entry.word, nodeColumns: cursor.nodeColumns,
                                          eventColumns: cursor.eventColumns, pathColumn: cursor.pathColumn, endColumn: endColumn))
        } catch {
            return .failure(error)
        }
    }

    /// A command a protocol declares: the form written, turned into what it does.
    private static func protocolCommand(_ declared: ProtocolCommand, _ cursor: inout TokenCursor) throws(CommandError) -> Command {
        let match = try FormParser.parse(declared.forms, &cursor)
        switch match.form.meaning(match.arguments) {
        case .setUp(let node, let request): return .setUp(node, request)
        case .ask(let node, let request): return .ask(node, request)
        }
    }

    private static func parse(_ word: String, _ cursor: inout TokenCursor, _ catalog: CommandCatalog) throws(CommandError) -> Command {
        switch word {
        case "seed": return .seed(try cursor.seed())
        case "spawn": return try spawn(&cursor, catalog.registry)
        case "net": return try net(&cursor)
        case "link": return try link(&cursor)
        case "cut":
            let from = try cursor.node()
            guard let arrow = cursor.peek, arrow.text == "->" else {
                throw cursor.error("write the direction with ->, e.g. cut n1 -> n2", at: cursor.peek)
            }
            _ = try cursor.next("->")
            return .cut(from: from, to: try cursor.node())
        case "partition": return try partition(&cursor)
        case "isolate": return .isolate(try cursor.node())
        case "heal": return .heal
        case "crash": return .crash(try cursor.node())
        case "restart": return .restart(try cursor.node())
        case "pause":
            let node = try cursor.node()
            return .pause(node, cursor.isAtEnd ? nil : try cursor.duration(allowZero: false))
        case "resume": return .resume(try cursor.node())
        case "skew": return .skew(try cursor.node(), try cursor.signedDuration())
        case "clock":
            let node = try cursor.node()
            _ = try cursor.keyword("clock action", from: ["step"])
            return .clockStep(node, try cursor.signedDuration())
        case "drift": return .drift(try cursor.node(), ppm: try cursor.ppm())
        case "local": return .local(try cursor.node(), label: cursor.isAtEnd ? nil : try cursor.label())
        case "send":
            let from = try cursor.node()
            let to = try cursor.node()
            return .send(from, to, label: cursor.isAtEnd ? nil : try cursor.label())
        case "write":
            let node = try cursor.node()
            let key = try cursor.label()
            return .ask(node, ClientRequest(operation: "write", arguments: [key, try cursor.label()]))
        case "read":
            let node = try cursor.node()
            return .ask(node, ClientRequest(operation: "read", arguments: [try cursor.label()]))
        case "request":
            var server = try cursor.node()
            var client: NodeID?
            if cursor.accept("->") {
                client = server
                server = try cursor.node()
            }
            var words = [try cursor.label()]
            while !cursor.isAtEnd { words.append(try cursor.label()) }
            return .request(server: server, client: client, ClientRequest(operation: words[0], arguments: Array(words.dropFirst())))
        case "ask":
            let node = try cursor.node()
            var words = [try cursor.label()]
            while !cursor.isAtEnd { words.append(try cursor.label()) }
            return .ask(node, ClientRequest(operation: words[0], arguments: Array(words.dropFirst())))
        case "ntp":
            let client = try cursor.node()
            if cursor.accept("off") { return .ntpOff(client) }
            _ = try cursor.keyword("'from' or 'off'", from: ["from"])
            let server = try cursor.node()
            guard cursor.accept("every") else { return .ntp(client: client, server: server, every: nil) }
            return .ntp(client: client, server: server, every: try cursor.duration(allowZero: false))
        case "concurrent":
            var events: [EventID] = []
            var nodes: [NodeID] = []
            while let token = cursor.peek {
                if TokenCursor.looksLikeNode(token.text) {
                    guard events.isEmpty else { throw cursor.error("name events or nodes, not both", at: token) }
                    nodes.append(try cursor.node())
                } else {
                    guard nodes.isEmpty else { throw cursor.error("name events or nodes, not both", at: token) }
                    events.append(try cursor.event())
                }
            }
            return .concurrent(events: events, nodes: nodes)
        case "causal-past": return .causalPast(try cursor.event())
        case "timeout":
            let node = try cursor.node()
            return .timeout(node, timer: cursor.isAtEnd ? nil : try cursor.label())
        case "check": return .check
        case "expect": return .expect(try expectation(&cursor, catalog))
        case "run":
            let duration = try cursor.duration()
            return .run(duration, quiet: cursor.accept("quiet"))
        case "step":
            // Up to a billion: an interrupted storm run is saved as one `step`.
            let count = cursor.isAtEnd || cursor.peek?.text.lowercased() == "quiet" ? 1
                : try cursor.count("count", range: 1...1_000_000_000)
            return .step(count, quiet: cursor.accept("quiet"))
        case "show": return try show(&cursor, catalog.registry)
        case "order": return .order(try cursor.event(), try cursor.event())
        case "export":
            let format = try cursor.keyword("format", from: Command.ExportFormat.allCases.map(\.rawValue))
            let path = try cursor.path()
            return .export(Command.ExportFormat(rawValue: format)!, path: path, force: cursor.accept("--force"))
        case "diagram": return try diagram(&cursor)
        case "trace":
            _ = try cursor.keyword("trace setting", from: ["window"])
            if cursor.accept("off") { return .traceWindow(nil) }
            return .traceWindow(try cursor.count("window", range: 100...100_000_000))
        case "save":
            let path = try cursor.path()
            return .save(path: path, force: cursor.accept("--force"))
        case "load": return .load(path: try cursor.path())
        case "record":
            if cursor.accept("off") { return .recordOff }
            let path = try cursor.path()
            return .record(path: path, force: cursor.accept("--force"))
        case "live": return try live(&cursor)
        case "stop": return .stopLive
        case "reset": return .reset
        case "history": return .history
        case "help": return .help(topic: cursor.isAtEnd ? nil : try cursor.next("command").text)
        case "quit": return .quit
        default: throw cursor.error("'\(word)' is not implemented")
        }
    }

    private static func spawn(_ cursor: inout TokenCursor, _ registry: ProtocolRegistry) throws(CommandError) -> Command {
        let target: Command.SpawnTarget
        if let first = cursor.peek, first.text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            target = .count(try cursor.count("count", range: 1...10_000))
        } else {
            var nodes = [try cursor.node()]
            while let next = cursor.peek, TokenCursor.looksLikeNode(next.text) {
                let node = try cursor.node()
                guard !nodes.contains(node) else { throw cursor.error("\(node) appears twice in the list", at: next) }
                nodes.append(node)
            }
            target = .nodes(nodes)
        }
        var behaviour = "none"
        var options: [Token] = []
        if !cursor.isAtEnd {
            let token = try cursor.next("behaviour")
            guard let entry = registry.descriptor(named: token.text) else {
                throw cursor.error("unknown behaviour '\(token.text)' (known: \(registry.names.joined(separator: ", ")))", at: token)
            }
            behaviour = entry.name
            while !cursor.isAtEnd { options.append(try cursor.next("option")) }
            do {
                _ = try entry.factory(options: options.map(\.text))
            } catch {
                let culprit = options.first { $0.text == error.option }
                throw cursor.error("'\(error.option)': \(error.message)", at: culprit)
            }
        }
        return .spawn(target, behaviour: behaviour, options: options.map(\.text))
    }

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

    private static func partition(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        var groups: [[NodeID]] = [[]]
        var seen: [NodeID: Int] = [:]
        while let token = cursor.peek {
            if token.text == "|" {
                guard !groups[groups.count - 1].isEmpty else { throw cursor.error("empty group before '|'", at: token) }
                _ = try cursor.next("|")
                groups.append([])
                continue
            }
            let node = try cursor.node()
            if seen[node] != nil { throw cursor.error("\(node) appears twice in the partition", at: token) }
            seen[node] = token.column
            groups[groups.count - 1].append(node)
        }
        guard !groups[groups.count - 1].isEmpty else {
            throw cursor.error(groups.count == 1 ? "missing nodes, e.g. partition n1 n2 | n3" : "empty group after '|'")
        }
        // One group alone would split nothing off that the person can see on the line.
        guard groups.count > 1 else {
            throw cursor.error("separate the groups with |, e.g. partition n1 n2 | n3 (isolate NODE cuts off one node)")
        }
        return .partition(groups)
    }

    /// `diagram [NODE...] [from TIME] [to TIME] [highlight EVENT] [limit N]`.
    private static func diagram(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
        var nodes: [NodeID] = []
        while let token = cursor.peek, TokenCursor.looksLikeNode(token.text) { nodes.append(try cursor.node()) }
        var from: SimDuration?, to: SimDuration?, highlight: EventID?, limit: Int?
        while !cursor.isAtEnd {
            switch try cursor.keyword("diagram option", from: ["from", "to", "highlight", "limit"]) {
            case "from": from = try cursor.duration()
            case "to": to = try cursor.duration()
            case "highlight": highlight = try cursor.event()
            default: limit = try cursor.count("limit", range: 1...10_000)
            }
        }
        if let from, let to, to < from { throw cursor.error("'to' comes before 'from'") }
        return .diagram(nodes: nodes, from: from, to: to, highlight: highlight, limit: limit)
    }

    private static func show(_ cursor: inout TokenCursor, _ registry: ProtocolRegistry) throws(CommandError) -> Command {
        let what = try cursor.keyword("what to show", from: CommandCatalog.showTargets + registry.views.map(\.view.name))
        if let view = registry.view(what) {
            let match = try FormParser.parse(view.forms, &cursor)
            return .show(.view(what, form: match.index, match.arguments))
        }
        switch what {
        case "nodes": return .show(.nodes)
        case "net": return .show(.net)
        case "clocks": return .show(.clocks)
        case "event": return .show(.event(try cursor.event()))
        default: return try trace(&cursor)
        }
    }
}
