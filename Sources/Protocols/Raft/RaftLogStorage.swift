import SandboxCore

/// A Raft log as fixed-size chunks, so that a server whose log is also held elsewhere
/// (its last persisted copy, a view, the safety checker) appends by copying one chunk
/// and the list of chunks, not the whole log. With one flat array, every append after a
/// persist copied every entry, which made long runs quadratic.
///
/// Positions are 0-based like an array's (log index i is position i − 1).
public struct RaftLog: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    static let chunkShift = 8
    static let chunkSize = 1 << chunkShift

    private var chunks: [[RaftEntry]] = []
    public private(set) var count = 0

    public init() {}

    public init(_ entries: some Sequence<RaftEntry>) {
        for entry in entries { append(entry) }
    }

    public init(arrayLiteral entries: RaftEntry...) { self.init(entries) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> RaftEntry {
        precondition(position >= 0 && position < count, "log position out of range")
        return chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
    }

    public mutating func append(_ entry: RaftEntry) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [RaftEntry] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(entry)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(entry)
        }
        count += 1
    }

    public mutating func append(contentsOf entries: some Sequence<RaftEntry>) {
        for entry in entries { append(entry) }
    }

    /// Removes the entries from `range.lowerBound` on (Raft's only way of changing a log).
    public mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
        let keep = Swift.max(0, Swift.min(range.lowerBound, count))
        guard keep < count else { return }
        let fullChunks = keep >> Self.chunkShift
        let remainder = keep & (Self.chunkSize - 1)
        chunks.removeSubrange((fullChunks + (remainder > 0 ? 1 : 0))...)
        if remainder > 0 { chunks[fullChunks].removeSubrange(remainder...) }
        count = keep
    }

    public static func == (lhs: RaftLog, rhs: RaftLog) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    public static func == (lhs: RaftLog, rhs: [RaftEntry]) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    public static func == (lhs: [RaftEntry], rhs: RaftLog) -> Bool { rhs == lhs }
}

/// Parts of logs compare entry by entry, as parts of arrays do.
extension Slice: @retroactive Equatable where Base == RaftLog {
    public static func == (lhs: Slice<RaftLog>, rhs: Slice<RaftLog>) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
