import ProtocolKit
/// Skew, drift, clock steps and NTP.
enum ClockCommands {
    static let entries: [CommandCatalog.Entry] = [
        .init(word: "skew", group: "clocks", synopsis: "skew NODE ±DURATION", usage: ["skew NODE +DURATION|-DURATION"],
              summary: "set how far a node's wall clock is from true time", example: "skew n2 +150ms",
              parse: { cursor, _ throws(CommandError) in .skew(try cursor.node(), try cursor.signedDuration()) },
              complete: firstNode),
        .init(word: "drift", group: "clocks", synopsis: "drift NODE ±PPM", usage: ["drift NODE +PPM|-PPM"],
              summary: "make a node's clock run fast or slow (parts per million)", example: "drift n3 -200ppm",
              parse: { cursor, _ throws(CommandError) in .drift(try cursor.node(), ppm: try cursor.ppm()) },
              complete: firstNode),
        .init(word: "clock", group: "clocks", synopsis: "clock NODE step ±DURATION", usage: ["clock NODE step +DURATION|-DURATION"],
              summary: "step a node's wall clock (the monotonic clock does not move)", example: "clock n2 step -300ms",
              parse: { cursor, _ throws(CommandError) in
                  let node = try cursor.node()
                  _ = try cursor.keyword("clock action", from: ["step"])
                  return .clockStep(node, try cursor.signedDuration())
              },
              complete: { request in
                  let count = request.arguments.count
                  return .words(count == 0 ? request.context.nodes : count == 1 ? ["step"] : [])
              }),
        .init(word: "ntp", group: "clocks", usage: ["ntp NODE from NODE [every DURATION]", "ntp NODE off"],
              summary: "synchronise a node's clock with another's over the network (NTP)", example: "ntp n2 from n1 every 10s",
              parse: { cursor, _ throws(CommandError) in
                  let client = try cursor.node()
                  if cursor.accept("off") { return .ntpOff(client) }
                  _ = try cursor.keyword("'from' or 'off'", from: ["from"])
                  let server = try cursor.node()
                  guard cursor.accept("every") else { return .ntp(client: client, server: server, every: nil) }
                  return .ntp(client: client, server: server, every: try cursor.duration(allowZero: false))
              },
              complete: { request in
                  switch request.arguments.count {
                  case 0: .words(request.context.nodes)
                  case 1: .words(["from", "off"])
                  case 2 where request.arguments[1] == "from": .words(request.context.nodes)
                  case 3: .words(["every"])
                  default: .words([])
                  }
              }),
    ]

    /// Nodes for the first argument, nothing after.
    static let firstNode: CommandCatalog.Entry.Complete = { request in .words(request.arguments.isEmpty ? request.context.nodes : []) }
}
