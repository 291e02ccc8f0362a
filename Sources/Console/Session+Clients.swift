import Protocols
import SandboxCore
import Simulator

/// Client endpoints for `request`, and where a refused request is named on the line.
extension Session {
    /// `request [CLIENT ->] SERVER ...`: a client endpoint sends the command over the
    /// network: the one named (spawned as a client if it does not exist yet), or else the
    /// session's first `client` node, spawned on first use.
    func sendFromClient(_ request: ClientRequest, to server: NodeID, via named: NodeID?) async throws -> String {
        guard await simulation.hasNode(server) else { throw SimulationError.unknownNode(server) }
        if let reason = try await simulation.refusal(of: request, at: server) { throw SimulationError.refused(server, reason) }
        let clients = await simulation.nodeReports().filter { $0.kind == "client" }.map(\.id)
        if let named, named == server { throw SimulationError.selfLink(named) }
        if let named, await simulation.hasNode(named), !clients.contains(named) {
            throw SimulationError.refused(named, "it is not a client endpoint (request needs a node spawned as client)")
        }
        var spawned = ""
        let client: NodeID
        // The client named, if it exists already; with none named, the first client.
        let existing = if let named { clients.contains(named) ? named : nil } else { clients.first }
        if let existing {
            client = existing
        } else {
            client = if let named { named } else { try await simulation.freshIDs(1)[0] }
            let entry = BehaviourCatalog.entry(named: "client")!
            try await simulation.spawn([client], kind: entry.name, factory: entry.make)
            spawned = named == nil ? "(\(client) is the client endpoint)" : "(\(client) is spawned as a client endpoint)"
            let groups = await simulation.router.partitionGroups
            // A client spawned into a partition lands with the nodes not named, often alone.
            if !groups.isEmpty, !groups.contains(where: { $0.contains(client) }) {
                spawned += "\n" + TextWrap.hanging("", "(a partition is in force: \(client), named in none of its groups, is "
                    + "with the nodes not named; name it in a partition to put it beside a server)", width: 80)
            }
        }
        try await simulation.request(ClientRequest(operation: "send", arguments: [server.description, request.operation]
            + request.arguments), at: client)
        return spawned
    }

    /// Where a refused request, set-up or timer is named on the line: the word after the
    /// node (`ask n1 WORD`, `timeout n1 TIMER`, `raft log n2 TERM`), or the command word
    /// itself for `write` and `read`. Nil for other errors.
    func refusedColumn(_ error: SimulationError, _ parsed: ParsedCommand) -> Int? {
        guard case .refused(let node, _) = error else { return nil }
        switch parsed.command {
        case .ask where parsed.word == "write" || parsed.word == "read": return column(ofArgument: 0, parsed)
        case .setUp: return column(ofArgument: 3, parsed)
        case .request(let server, let client, _) where client != nil:
            // `request CLIENT -> SERVER OPERATION`: the client itself, or the operation.
            return node == server ? column(ofArgument: 4, parsed) : parsed.nodeColumns[node]
        default: return column(ofArgument: 2, parsed)
        }
    }
}
