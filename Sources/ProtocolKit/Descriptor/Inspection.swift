import SandboxCore

/// What a protocol's `show` views and `expect` claims may read: every node, with a
/// read-only copy of its behaviour's state. The console builds it from the simulation;
/// nothing done with it reaches back into a node.
public struct ProtocolInspection: Sendable {
    /// One node as inspection sees it.
    public struct Node: Sendable {
        public let id: NodeID
        /// The protocol (spawn name) the node runs.
        public let kind: String
        public let status: NodeStatus
        /// A copy of the behaviour's state; nil while the node is crashed.
        public let behaviour: (any Behaviour)?

        public init(id: NodeID, kind: String, status: NodeStatus, behaviour: (any Behaviour)?) {
            self.id = id
            self.kind = kind
            self.status = status
            self.behaviour = behaviour
        }
    }

    /// Every node, in id order.
    public let nodes: [Node]

    public init(nodes: [Node]) { self.nodes = nodes }

    /// The nodes running `kind`, in id order.
    public func nodes(running kind: String) -> [Node] { nodes.filter { $0.kind == kind } }

    /// The node with this id, if it exists.
    public func node(_ id: NodeID) -> Node? { nodes.first { $0.id == id } }
}

/// Why a view or a claim cannot be answered as asked (a node of another protocol, say),
/// and which argument to point at (an index into ``Arguments/values``).
public struct InspectionProblem: Error, Sendable, Equatable {
    public let message: String
    public let argument: Int?

    public init(_ message: String, at argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}
