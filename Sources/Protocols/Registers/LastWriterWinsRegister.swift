import SandboxCore

/// A replicated key-value register where the write with the greatest timestamp wins
/// (ties broken by the writer's id), the way Cassandra resolves conflicts.
///
/// Stamped with the writer's wall clock (`lww`), a write that truly happened later can
/// lose to an earlier one from a node whose clock runs ahead: it is discarded silently,
/// even on the node that made it. Stamped with Lamport clocks (`lww-lamport`), a write
/// that causally follows another always wins; concurrent writes are still ordered
/// arbitrarily, and one of them is lost.
public struct LastWriterWinsRegister: Behaviour {
    /// Where timestamps come from.
    public enum Stamping: Sendable {
        case wallClock, lamport
    }

    /// A timestamp: the time, then the writer's id to break ties.
    public struct Stamp: Comparable, Sendable, CustomStringConvertible {
        public let time: Int64
        public let writer: NodeID

        public init(time: Int64, writer: NodeID) {
            self.time = time
            self.writer = writer
        }

        public static func < (lhs: Stamp, rhs: Stamp) -> Bool {
            (lhs.time, lhs.writer.rawValue) < (rhs.time, rhs.writer.rawValue)
        }

        func describe(_ stamping: Stamping) -> String {
            stamping == .wallClock ? "wall \(TimeFormat.seconds(time)) by \(writer)" : "L\(time) by \(writer)"
        }

        public var description: String { "\(time)@\(writer)" }
    }

    /// A write, as replicated to the other nodes.
    public struct Update: Payload {
        public let key: String
        public let value: String
        public let stamp: Stamp
        public var label: String { "set \(key)=\(value)" }
    }

    public let stamping: Stamping
    /// The value and stamp this node holds for each key.
    public private(set) var store: [String: (value: String, stamp: Stamp)] = [:]
    /// The register's own Lamport clock (used when stamping with Lamport clocks).
    public private(set) var lamport: Int64 = 0

    public init(stamping: Stamping) { self.stamping = stamping }

    public var kind: String { stamping == .wallClock ? "lww" : "lww-lamport" }

    public func refusal(of input: BehaviourInput) -> String? {
        if case .request(let request) = input { return RegisterRequest.refusal(of: request) }
        return standardRefusal(of: input)
    }

    public mutating func handle(_ input: BehaviourInput, context: inout BehaviourContext) {
        switch input {
        case .request(let request):
            switch RegisterRequest(request) {
            case .write(let key, let value)?:
                lamport += 1
                let stamp = Stamp(time: stamping == .wallClock ? context.wallClock : lamport, writer: context.me)
                let kept = merge(key: key, value: value, stamp: stamp, context: &context)
                context.reply(kept ? "\(key) = \(value) (\(stamp.describe(stamping)))"
                                   : "\(key) = \(value) written, but lost at once: \(store[key]!.stamp.describe(stamping)) is later")
                context.broadcast(Update(key: key, value: value, stamp: stamp))
            case .read(let key)?:
                if let held = store[key] {
                    context.reply("\(key) = \(held.value) (\(held.stamp.describe(stamping)))")
                } else {
                    context.reply("\(key) is not set")
                }
            case nil:
                context.reply(RegisterRequest.usage)
            }
        case .message(_, let payload):
            guard let update = payload as? Update else { return }
            lamport = max(lamport, update.stamp.time) + 1
            _ = merge(key: update.key, value: update.value, stamp: update.stamp, context: &context)
        case .start, .timer, .setUp:
            break
        }
    }

    /// Keeps the write if its stamp is the greatest; says so when a value is lost.
    private mutating func merge(key: String, value: String, stamp: Stamp, context: inout BehaviourContext) -> Bool {
        guard let held = store[key] else {
            store[key] = (value, stamp)
            return true
        }
        if stamp > held.stamp {
            if held.value != value {
                context.note("\(key)=\(held.value) (\(held.stamp.describe(stamping))) is overwritten by \(key)=\(value) (\(stamp.describe(stamping)))")
            }
            store[key] = (value, stamp)
            return true
        }
        if stamp < held.stamp {
            context.note("\(key)=\(value) (\(stamp.describe(stamping))) is discarded: \(key)=\(held.value) has the later stamp (\(held.stamp.describe(stamping)))")
        }
        return stamp == held.stamp
    }
}
