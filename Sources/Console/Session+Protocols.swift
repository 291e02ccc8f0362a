import ProtocolKit
import SandboxCore
import Simulator

/// What the session does with a protocol's declaration: spawning its nodes with its
/// monitors, firing its default timer, and answering its views and claims.
extension Session {
    /// Spawns `nodes` running `descriptor` with `options`, and starts the invariant
    /// monitors it declares (once each); a spawn that fails starts none.
    func spawn(_ nodes: [NodeID], running descriptor: ProtocolDescriptor, options: [String]) async throws {
        let factory = try descriptor.factory(options: options)
        var started: [String] = []
        for monitor in descriptor.monitors where !(await simulation.hasMonitor(named: monitor.name)) {
            await simulation.addMonitor(monitor.make(), named: monitor.name)
            started.append(monitor.name)
        }
        do { try await simulation.spawn(nodes, kind: descriptor.name, factory: factory) } catch {
            for name in started { await simulation.removeMonitor(named: name) }
            throw error
        }
    }

    /// The timer `timeout NODE` fires: the one the node's protocol names.
    func defaultTimer(of node: NodeID) async throws -> String {
        guard let kind = await simulation.nodeReports().first(where: { $0.id == node })?.kind else {
            throw SimulationError.unknownNode(node)
        }
        guard let timer = registry.descriptor(named: kind)?.defaultTimer else {
            throw SimulationError.refused(node, "\(kind) has no default timer; name the timer to fire (timeout NODE TIMER)")
        }
        return timer
    }

    /// What views and claims read: every node with a copy of its state.
    func inspection() async -> ProtocolInspection {
        ProtocolInspection(nodes: await simulation.nodeReports().map {
            ProtocolInspection.Node(id: $0.id, kind: $0.kind, status: $0.status, behaviour: $0.behaviour)
        })
    }

    /// `show VIEW ...` for a view a protocol declares.
    func showView(_ name: String, form: Int, _ arguments: Arguments, _ parsed: ParsedCommand) async throws -> String {
        guard let view = registry.view(name) else { throw CommandError(column: column(ofArgument: 1, parsed), message: "no view '\(name)'") }
        do {
            return try view.forms[form].meaning(await inspection(), arguments)
        } catch {
            throw inspectionError(error, arguments, parsed)
        }
    }

    /// `expect CLAIM ...` for a claim a protocol declares: its evidence when it holds.
    func judge(_ word: String, form: Int, _ arguments: Arguments, _ parsed: ParsedCommand) async throws -> Verdict {
        guard let claim = registry.expectation(word) else {
            throw CommandError(column: column(ofArgument: 1, parsed), message: "no claim '\(word)'")
        }
        do {
            return try claim.forms[form].meaning(await inspection(), arguments)
        } catch {
            throw inspectionError(error, arguments, parsed)
        }
    }

    /// A view's or claim's problem, pointing at the argument it names (each argument is
    /// one word after `show VIEW` or `expect CLAIM`).
    private func inspectionError(_ problem: InspectionProblem, _ arguments: Arguments, _ parsed: ParsedCommand) -> CommandError {
        let at = problem.argument.map { column(ofArgument: 2 + $0, parsed) } ?? parsed.endColumn
        return CommandError(column: at, message: problem.message, usage: catalog.entry(for: parsed.word)?.usage ?? [])
    }
}
