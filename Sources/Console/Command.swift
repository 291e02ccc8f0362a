import ProtocolKit
import SandboxCore
import Simulator

/// One parsed command line, ready to carry out.
public enum Command: Equatable, Sendable {
    /// Which nodes `spawn` creates.
    public enum SpawnTarget: Equatable, Sendable {
        case count(Int)
        case nodes([NodeID])
    }

    /// What `export` writes.
    public enum ExportFormat: String, Equatable, Sendable, CaseIterable {
        case trace, mermaid, shiviz
    }

    /// What `expect` claims.
    public enum Expectation: Equatable, Sendable {
        /// `expect order e5 -> e7` (`->`, `<-` or `||`).
        case order(EventID, CausalOrder, EventID)
        /// `expect lamport e9 3`.
        case lamport(EventID, Int)
        /// `expect wall e7 -0.170s`: the node's wall-clock reading at the event.
        case wall(EventID, SimDuration)
        /// `expect vector e7 n1=2 n2=1`: exactly these entries, every other one 0.
        case vector(EventID, [NodeID: Int])
        /// `expect count deliver 12`: kept events of one kind.
        case count(EventKind, Int)
        /// `expect dropped 3`: messages dropped so far.
        case dropped(Int)
        /// `expect violation` / `expect no violation`: whether an invariant was broken.
        case violation(Bool)
        /// A claim a protocol declares (`expect leader n3`): its word, which of its forms
        /// was written, and the arguments.
        case claim(String, form: Int, Arguments)
    }

    /// What live mode streams above the prompt.
    public enum LiveDisplay: Equatable, Sendable {
        case everything
        /// No event lines; time still passes and everything is kept.
        case quiet
        /// Only the events the filter matches.
        case only(EventFilter)
    }

    /// What `show` shows.
    public enum ShowTarget: Equatable, Sendable {
        case nodes, net, clocks
        /// `show trace [NODE…] [kind KIND,…] [from TIME] [to TIME] [last N]`.
        case trace(last: Int?, filter: EventFilter = EventFilter())
        case event(EventID)
        /// A view a protocol declares (`show log n3`): its name, which of its forms was
        /// written, and the arguments.
        case view(String, form: Int, Arguments)
    }

    case seed(UInt64)
    case spawn(SpawnTarget, behaviour: String, options: [String] = [])
    case netLatency(LatencyModel)
    case netLoss(Probability)
    case netDuplication(Probability)
    case link(NodeID, NodeID, oneWay: Bool, LinkOverride)
    case linkReset(NodeID, NodeID, oneWay: Bool)
    case cut(from: NodeID, to: NodeID)
    case partition([[NodeID]])
    case isolate(NodeID)
    case heal
    case crash(NodeID)
    case restart(NodeID)
    case pause(NodeID, SimDuration?)
    case resume(NodeID)
    case skew(NodeID, SimDuration)
    case clockStep(NodeID, SimDuration)
    case drift(NodeID, ppm: Int64)
    case ask(NodeID, ClientRequest)
    /// A client endpoint (the one named, or the session's first) sends a command to a server.
    case request(server: NodeID, client: NodeID? = nil, ClientRequest)
    case setUp(NodeID, ClientRequest)
    /// Fires a timer now: the one named, or (nil) the one the node's protocol names.
    case timeout(NodeID, timer: String?)
    case check
    /// A claim about the trace; a false one is an error, so a script stops there.
    case expect(Expectation)
    case ntp(client: NodeID, server: NodeID, every: SimDuration?)
    case ntpOff(NodeID)
    case concurrent(events: [EventID], nodes: [NodeID])
    case causalPast(EventID)
    case local(NodeID, label: String?)
    case send(NodeID, NodeID, label: String?)
    case run(SimDuration, quiet: Bool)
    /// `step [COUNT] [quiet]`; `quiet` prints a summary instead of the event lines.
    case step(Int, quiet: Bool = false)
    case show(ShowTarget)
    case order(EventID, EventID)
    case export(ExportFormat, path: String, force: Bool = false)
    case diagram(nodes: [NodeID], from: SimDuration?, to: SimDuration?, highlight: EventID?, limit: Int?)
    case traceWindow(Int?)
    case save(path: String, force: Bool)
    case load(path: String)
    case record(path: String, force: Bool)
    case recordOff
    case live(speed: Double, showing: LiveDisplay = .everything)
    case stopLive
    case reset
    /// List what `save` would write.
    case history
    case help(topic: String?)
    case quit
}

/// A parsed line: the command, plus where each node, event and file was named, so that
/// an error about one can point at it.
public struct ParsedCommand: Equatable, Sendable {
    public let command: Command
    /// The line as written.
    public let line: String
    /// The command word, aliases resolved.
    public let word: String
    public let nodeColumns: [NodeID: Int]
    /// Where each event was named, and where the file name is, for the same purpose.
    public let eventColumns: [EventID: Int]
    public let pathColumn: Int?
    public let endColumn: Int
}
