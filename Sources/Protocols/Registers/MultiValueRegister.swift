import SandboxCore

/// A replicated register that keeps concurrent writes as siblings, as Dynamo and Riak
/// do: each write carries a version vector; a write that has seen another replaces it,
/// and writes neither of which has seen the other are both kept until a later write that
/// has seen them all replaces them.
public struct MultiValueRegister: Behaviour {
    /// A version vector: for each node, how many writes of that node this version has seen.
    public struct VersionVector: Sendable, Equatable, CustomStringConvertible {
        public private(set) var counts: [NodeID: Int] = [:]

        public init(_ counts: [NodeID: Int] = [:]) { self.counts = counts.filter { $0.value > 0 } }

        /// True when this version has seen everything `other` has (and `other` ≠ self).
        public func dominates(_ other: VersionVector) -> Bool {
            self != other && other.counts.allSatisfy { (counts[$0.key] ?? 0) >= $0.value }
        }

        func joined(with other: VersionVector) -> VersionVector {
            VersionVector(counts.merging(other.counts) { max($0, $1) })
        }

        func incremented(for node: NodeID) -> VersionVector {
            var next = counts
            next[node, default: 0] += 1
            return VersionVector(next)
        }

        public var description: String {
            "[" + counts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ") + "]"
        }
    }

    /// One value with the version it was written at.
    public struct Version: Sendable, Equatable {
        public let value: String
        public let version: VersionVector
    }

    /// A write, as replicated to the other nodes.
    public struct Update: Payload {
        public let key: String
        public let written: Version
        public var label: String { "set \(key)=\(written.value) \(written.version)" }
    }

    /// The siblings this node holds for each key, oldest first.
    public private(set) var store: [String: [Version]] = [:]

    public init() {}
    public var kind: String { "mvr" }

    public func refusal(of input: BehaviourInput) -> String? {
        if case .request(let request) = input { return RegisterRequest.refusal(of: request) }
        return standardRefusal(of: input)
    }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .request(let request):
            switch RegisterRequest(request) {
            case .write(let key, let value)?:
                // The new version has seen every sibling this node holds.
                let seen = (store[key] ?? []).reduce(VersionVector()) { $0.joined(with: $1.version) }
                let written = Version(value: value, version: seen.incremented(for: context.me))
                store[key] = [written]
                context.reply("\(key) = \(value) \(written.version)")
                context.broadcast(Update(key: key, written: written))
            case .read(let key)?:
                context.reply(describe(key))
            case nil:
                context.reply(RegisterRequest.usage)
            }
        case .message(_, let payload):
            guard let update = payload as? Update else { return }
            merge(update, context: &context)
        case .start, .timer, .setUp:
            break
        }
    }

    private mutating func merge(_ update: Update, context: inout BehaviourContext) {
        let siblings = store[update.key] ?? []
        if siblings.contains(where: { $0.version == update.written.version || $0.version.dominates(update.written.version) }) {
            return  // already seen, or superseded
        }
        let kept = siblings.filter { !update.written.version.dominates($0.version) }
        store[update.key] = kept + [update.written]
        if !kept.isEmpty {
            context.note("\(update.key) has concurrent values: " + (kept + [update.written]).map { "\($0.value) \($0.version)" }.joined(separator: " || "))
        }
    }

    private func describe(_ key: String) -> String {
        guard let siblings = store[key], !siblings.isEmpty else { return "\(key) is not set" }
        if siblings.count == 1 { return "\(key) = \(siblings[0].value) \(siblings[0].version)" }
        return "\(key) = {" + siblings.map(\.value).joined(separator: ", ") + "} concurrent: "
            + siblings.map { "\($0.version)" }.joined(separator: " || ")
    }
}
