/// An open-addressing hash table from a 63-bit key to a count: the inner loop of corpus counting.
///
/// Linear probing with a Fibonacci (multiplicative) hash, grown at half load. Keys are stored with
/// the top bit set so that zero marks an empty slot; keys must be below 2^63.
struct CountTable {
    private var keys: [UInt64]
    private var counts: [Int64]
    private var mask: Int
    private var shift: UInt64
    /// The number of distinct keys.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int64](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Adds one to `key`'s count.
    @inline(__always)
    mutating func increment(_ key: UInt64) {
        let stored = key | (1 << 63)
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let present = keys[slot]
            if present == stored {
                counts[slot] += 1
                return
            }
            if present == 0 {
                keys[slot] = stored
                counts[slot] = 1
                count += 1
                if count * 2 > keys.count { grow() }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Every key and its count, in no particular order.
    func forEach(_ body: (UInt64, Int64) -> Void) {
        for slot in keys.indices where keys[slot] != 0 { body(keys[slot] & ~(1 << 63), counts[slot]) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldCounts = counts
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int64](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for old in oldKeys.indices where oldKeys[old] != 0 {
            var slot = Int(truncatingIfNeeded: (oldKeys[old] &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[old]
            counts[slot] = oldCounts[old]
        }
    }
}
