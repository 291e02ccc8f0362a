import ProtocolKit
import SandboxCore
import Simulator

/// Client endpoints for `request`, and where a refused request is named on the line.
extension Session {
    /// `request [CLIENT ->] SERVER ...`: a client endpoint sends the command over the
    /// network, through the client endpoint the server's protocol declares: the one named
    /// (spawned as such a client if it does not exist yet), or else the session's first
    /// node of that kind, spawned on first use.
    func sendFromClient(_ request: ClientRequest, to server: NodeID, via named: NodeID?) async throws -> String {
        let reports = await simulation.nodeReports()
        guard let kind = reports.first(where: { $0.id == server })?.kind else { throw SimulationError.unknownNode(server) }
        if let reason = try await simulation.refusal(of: request, at: server) { throw SimulationError.refused(server, reason) }
        guard let endpoint = registry.descriptor(named: kind)?.clientEndpoint,
              let clientProtocol = registry.descriptor(named: endpoint.kind) else {
            throw SimulationError.refused(server, "\(kind) has no client endpoint; ask NODE OPERATION hands a node a request directly")
        }
        let clients = reports.filter { $0.kind == endpoint.kind }.map(\.id)
        if let named, named == server { throw SimulationError.selfLink(named) }
        if let named, await simulation.hasNode(named), !clients.contains(named) {
            throw SimulationError.refused(named, "it is not a client endpoint (request needs a node spawned as \(endpoint.kind))")
        }
        var spawned = ""
        let client: NodeID
        // The client named, if it exists already; with none named, the first client.
        let existing = if let named { clients.contains(named) ? named : nil } else { clients.first }
        if let existing {
            client = existing
        } else {
            client = if let named { named } else { try await simulation.freshIDs(1)[0] }
            try await spawn([client], running: clientProtocol, options: [])
            spawned = named == nil ? "(\(client) is the client endpoint)" : "(\(client) is spawned as a client endpoint)"
            let groups = await simulation.router.partitionGroups
            // A client spawned into a partition lands with the nodes not named, often alone.
            if !groups.isEmpty, !groups.contains(where: { $0.contains(client) }) {
                spawned += "\n" + TextWrap.hanging("", "(a partition is in force: \(client), named in none of its groups, is "
                    + "with the nodes not named; name it in a partition to put it beside a server)", width: 80)
            }
        }
        try await simulation.request(endpoint.forward(request, server), at: client)
        return spawned
    }

    /// Where a refused request, set-up or timer is named on the line: the word after the
    /// node (`ask n1 WORD`, `timeout n1 TIMER`, a protocol's set-up `… NODE WORD`), or the
    /// command word itself for `write` and `read`. Nil for other errors.
    func refusedColumn(_ error: SimulationError, _ parsed: ParsedCommand) -> Int? {
        guard case .refused(let node, _) = error else { return nil }
        switch parsed.command {
        case .ask where parsed.word == "write" || parsed.word == "read": return column(ofArgument: 0, parsed)
        case .setUp:
            // The word after the node the set-up is for.
            let tokens = Tokenizer.tokens(of: parsed.line)
            let nodeColumn = parsed.nodeColumns[node]
            let index = tokens.firstIndex { $0.column == nodeColumn }.map { $0 + 1 } ?? tokens.count
            return column(ofArgument: index, parsed)
        case .request(let server, let client, _) where client != nil:
            // `request CLIENT -> SERVER OPERATION`: the client itself, or the operation.
            return node == server ? column(ofArgument: 4, parsed) : parsed.nodeColumns[node]
        default: return column(ofArgument: 2, parsed)
        }
    }
}
