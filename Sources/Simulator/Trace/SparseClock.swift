import SandboxCore

/// A vector clock under construction, kept sparse: `(node, count)` pairs sorted by node,
/// each packed into one `UInt64` (node in the high half, count in the low half), so a
/// merge is one linear pass with no hashing and, when both sides cover the same nodes
/// (the usual case once a cluster has talked), no allocation.
struct SparseClock: Sendable, Equatable {
    private(set) var packed: [UInt64] = []

    @inline(__always) static func pack(_ node: Int32, _ count: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(count)
    }

    /// Entry-wise maximum with `other`. Cost: O(entries of both).
    mutating func merge(_ other: SparseClock) {
        let theirs = other.packed
        if theirs.isEmpty { return }
        if packed.isEmpty {
            packed = theirs
            return
        }
        if packed.count == theirs.count {
            var sameNodes = true
            for index in packed.indices where packed[index] >> 32 != theirs[index] >> 32 {
                sameNodes = false
                break
            }
            if sameNodes {
                for index in packed.indices where theirs[index] > packed[index] { packed[index] = theirs[index] }
                return
            }
        }
        var merged: [UInt64] = []
        merged.reserveCapacity(packed.count + theirs.count)
        var mine = 0, other = 0
        while mine < packed.count, other < theirs.count {
            let a = packed[mine], b = theirs[other]
            if a >> 32 == b >> 32 {
                merged.append(max(a, b))
                mine += 1
                other += 1
            } else if a >> 32 < b >> 32 {
                merged.append(a)
                mine += 1
            } else {
                merged.append(b)
                other += 1
            }
        }
        merged.append(contentsOf: packed[mine...])
        merged.append(contentsOf: theirs[other...])
        packed = merged
    }

    /// Sets `node`'s entry to `count`.
    mutating func set(_ node: Int32, to count: UInt32) {
        let key = UInt64(UInt32(bitPattern: node))
        var low = 0, high = packed.count
        while low < high {
            let middle = (low + high) / 2
            if packed[middle] >> 32 < key { low = middle + 1 } else { high = middle }
        }
        if low < packed.count, packed[low] >> 32 == key {
            packed[low] = Self.pack(node, count)
        } else {
            packed.insert(Self.pack(node, count), at: low)
        }
    }

    /// The public value, zeros left out.
    func timestamp(isTruncated: Bool) -> VectorTimestamp {
        VectorTimestamp(sortedEntries: packed.compactMap { value in
            let count = Int(value & 0xFFFF_FFFF)
            return count > 0 ? (NodeID(Int(Int32(bitPattern: UInt32(value >> 32)))), count) : nil
        }, isTruncated: isTruncated)
    }
}
