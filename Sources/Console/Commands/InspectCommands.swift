import ProtocolKit
import SandboxCore
import Simulator

/// Looking at what happened: views, causality, claims, diagrams and exports.
enum InspectCommands {
    /// What `show` shows of its own, before any protocol's views.
    static let showTargets = ["nodes", "net", "clocks", "trace", "event"]

    /// `show` and `expect` list the views and claims of `registry` beside their own.
    static func entries(registry: ProtocolRegistry) -> [CommandCatalog.Entry] { [
        .init(word: "show", group: "inspect", synopsis: "show nodes|net|clocks|trace|...",
              usage: ["show nodes", "show net", "show clocks",
                      "show trace [NODE...] [kind KIND,...] [hide WORD,...] [from TIME] [to TIME] [last N]", "show event EVENT"]
                + registry.views.flatMap(\.view.usage),
              summary: "inspect nodes, network, clocks, the trace, or a protocol's state", example: "show trace last 10",
              parse: { cursor, catalog throws(CommandError) in try show(&cursor, catalog.registry) },
              complete: showWords),
        .init(word: "order", group: "inspect", summary: "happens-before: prints A -> B, B -> A or A || B", example: "order e3 e9",
              forms: [builtinForm([.event("EVENT"), .event("EVENT")]) { .order($0.events[0], $0.events[1]) }]),
        .init(word: "expect", group: "inspect", synopsis: "expect CLAIM",
              usage: ["expect order EVENT ->|<-|'||' EVENT", "expect lamport EVENT N", "expect wall EVENT TIME",
                      "expect vector EVENT [NODE=N...]", "expect count KIND N", "expect dropped N", "expect [no] violation"]
                + registry.expectations.flatMap(\.expectation.usage),
              summary: "state a claim about the trace; a false claim is an error, so a script stops there",
              example: "expect order e5 -> e7",
              parse: { cursor, catalog throws(CommandError) in .expect(try CommandParser.expectation(&cursor, catalog)) },
              complete: expectWords),
        .init(word: "check", group: "inspect", summary: "report the invariants checked after every event", example: "check",
              forms: [builtinForm([]) { _ in .check }]),
        .init(word: "concurrent", group: "inspect", usage: ["concurrent [EVENT...]", "concurrent NODE..."],
              summary: "every concurrent pair among the events named, the events of the nodes named, or all",
              example: "concurrent n1 n2",
              parse: { cursor, _ throws(CommandError) in try concurrent(&cursor) },
              complete: { request in
                  if let first = request.arguments.first ?? (request.partial.isEmpty ? nil : request.partial), first.hasPrefix("n") {
                      return .words(request.context.nodes)
                  }
                  return .events
              }),
        .init(word: "causal-past", group: "inspect", summary: "the events that happen before an event", example: "causal-past e9",
              forms: [builtinForm([.event("EVENT")]) { .causalPast($0.events[0]) }]),
        .init(word: "diagram", group: "inspect", synopsis: "diagram [NODE...] [from T] [to T]",
              usage: ["diagram [NODE...] [from TIME] [to TIME] [highlight EVENT] [limit N]"],
              summary: "a space-time diagram: lanes per node, message arrows, vectors", example: "diagram n1 n2 n3 highlight e7",
              parse: { cursor, _ throws(CommandError) in try diagram(&cursor) },
              complete: { request in
                  let typed = request.arguments
                  if typed.last == "highlight" { return .events }
                  if ["from", "to", "limit"].contains(typed.last ?? "") { return .words([]) }
                  return .words(request.context.nodes.filter { !typed.contains($0) } + ["from", "to", "highlight", "limit"])
              }),
        .init(word: "export", group: "inspect", synopsis: "export trace|mermaid|shiviz FILE",
              usage: ["export trace FILE.jsonl [--force]", "export mermaid FILE.mmd [--force]", "export shiviz FILE.log [--force]"],
              summary: "write the trace as JSON Lines, a Mermaid sequence diagram or a ShiViz log", example: "export trace run.jsonl",
              parse: { cursor, _ throws(CommandError) in
                  let format = try cursor.keyword("format", from: Command.ExportFormat.allCases.map(\.rawValue))
                  let path = try cursor.path()
                  return .export(Command.ExportFormat(rawValue: format)!, path: path, force: cursor.accept("--force"))
              },
              complete: { request in
                  let hints = ["trace": ".jsonl", "mermaid": ".mmd", "shiviz": ".log"]
                  if request.arguments.isEmpty { return .words(Command.ExportFormat.allCases.map(\.rawValue)) }
                  return request.arguments.count == 1 ? .files(extensionHint: hints[request.arguments[0]] ?? "") : .words([])
              }),
        .init(word: "trace", group: "inspect", usage: ["trace window COUNT|off"],
              summary: "keep only the newest COUNT events (for huge runs)", example: "trace window 100000",
              parse: { cursor, _ throws(CommandError) in
                  _ = try cursor.keyword("trace setting", from: ["window"])
                  if cursor.accept("off") { return .traceWindow(nil) }
                  return .traceWindow(try cursor.count("window", range: 100...100_000_000))
              },
              complete: { request in
                  let count = request.arguments.count
                  return .words(count == 0 ? ["window"] : count == 1 ? ["off"] : [])
              }),
    ] }

    private static func show(_ cursor: inout TokenCursor, _ registry: ProtocolRegistry) throws(CommandError) -> Command {
        let what = try cursor.keyword("what to show", from: showTargets + registry.views.map(\.view.name))
        if let view = registry.view(what) {
            let match = try FormParser.parse(view.forms, &cursor)
            return .show(.view(what, form: match.index, match.arguments))
        }
        switch what {
        case "nodes": return .show(.nodes)
        case "net": return .show(.net)
        case "clocks": return .show(.clocks)
        case "event": return .show(.event(try cursor.event()))
        default: return try CommandParser.trace(&cursor)
        }
    }

    private static let showWords: CommandCatalog.Entry.Complete = { request in
        let typed = request.arguments, registry = request.catalog.registry
        guard let target = typed.first?.lowercased() else { return .words(showTargets + registry.views.map(\.view.name)) }
        if let view = registry.view(target) {
            return FormCompleter.choices(view.forms.map(\.parameters), typed: Array(typed.dropFirst()), nodes: request.context.nodes)
        }
        if target == "event", typed.count == 1 { return .events }
        if target == "trace" {
            return Completer.filterWords(typed.dropFirst(), nodes: request.context.nodes, words: ["kind", "hide", "from", "to", "last"])
        }
        return .words([])
    }

    private static let expectWords: CommandCatalog.Entry.Complete = { request in
        let typed = request.arguments, registry = request.catalog.registry
        guard let claim = typed.first?.lowercased() else {
            return .words(CommandParser.claims + registry.expectations.map(\.expectation.word))
        }
        if let declared = registry.expectation(claim) {
            return FormCompleter.choices(declared.forms.map(\.parameters), typed: Array(typed.dropFirst()), nodes: request.context.nodes)
        }
        switch (claim, typed.count) {
        case ("order", 1), ("order", 3), ("lamport", 1), ("wall", 1), ("vector", 1): return .events
        case ("order", 2): return .words(["->", "<-", "||"])
        case ("vector", _): return .words(request.context.nodes.map { $0 + "=" })
        case ("count", 1): return .words(EventKind.allCases.map(\.description))
        case ("no", 1): return .words(["violation"])
        default: return .words([])
        }
    }

    private static func concurrent(_ cursor: inout TokenCursor) throws(CommandError) -> Command {
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
}
