/// An open-addressing hash table from a 63-bit key to a count: the inner loop of corpus counting.
///
/// Linear probing with a Fibonacci (multiplicative) hash, grown at half load. Keys are stored with
/// the top bit set so that zero marks an empty slot; keys must be below 2^63. A slot is a key and
/// its count side by side (one cache line read per probe), in a manually managed buffer freed in
/// `deinit`, so the hot path has no copy-on-write checks; the table is a reference type owned by
/// one `CorpusCounter`.
final class CountTable {
    /// Slot i holds its key at 2i and its count at 2i + 1.
    private var slots: UnsafeMutablePointer<UInt64>
    private var size: Int
    private var mask: Int
    private var shift: UInt64
    /// The number of distinct keys.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.size = size
        slots = .allocate(capacity: size * 2)
        slots.initialize(repeating: 0, count: size * 2)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit { slots.deallocate() }

    /// Adds one to `key`'s count.
    @inline(__always)
    func increment(_ key: UInt64) {
        let stored = key | (1 << 63)
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let present = slots[slot &* 2]
            if present == stored {
                slots[slot &* 2 &+ 1] &+= 1
                return
            }
            if present == 0 {
                slots[slot &* 2] = stored
                slots[slot &* 2 &+ 1] = 1
                count += 1
                if count * 2 > size { grow() }
                return
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Every key and its count, in no particular order.
    func forEach(_ body: (UInt64, Int64) -> Void) {
        for slot in 0..<size where slots[slot * 2] != 0 { body(slots[slot * 2] & ~(1 << 63), Int64(slots[slot * 2 + 1])) }
    }

    private func grow() {
        let old = slots, oldSize = size
        size *= 2
        slots = .allocate(capacity: size * 2)
        slots.initialize(repeating: 0, count: size * 2)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for index in 0..<oldSize where old[index * 2] != 0 {
            var slot = Int(truncatingIfNeeded: (old[index * 2] &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot * 2] != 0 { slot = (slot + 1) & mask }
            slots[slot * 2] = old[index * 2]
            slots[slot * 2 + 1] = old[index * 2 + 1]
        }
        old.deallocate()
    }
}
