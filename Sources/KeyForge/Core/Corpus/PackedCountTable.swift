/// A count table for keys below 2^30 (three symbol ids below 1024 packed): a slot is one 64-bit word, the key
/// (with bit 30 set, so that zero marks an empty slot) in its upper half and the count in its lower half, so
/// an increment is one load, one compare and one store, and the table is half the size of a `CountTable`.
///
/// Counts are exact past 2^32: when a slot's count reaches `spillAt` it is moved to a side table of 64-bit
/// counts (`spilled`) and starts again from zero. Linear probing with a Fibonacci hash, grown at half load.
final class PackedCountTable {
    /// The largest key: three 10-bit symbol ids.
    static let keyLimit: UInt32 = 1 << 30
    private var slots: UnsafeMutablePointer<UInt64>
    private var size: Int
    private var mask: Int
    private var shift: UInt64
    private let spillAt: UInt64
    /// Counts moved out of full slots, by key.
    private var spilled: [UInt32: Int64] = [:]
    /// The number of distinct keys.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows; `spillAt` (tests only) is the count at
    /// which a slot spills into the side table.
    init(capacity: Int = 1 << 12, spillAt: UInt32 = .max) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.size = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        self.spillAt = UInt64(spillAt)
    }

    deinit { slots.deallocate() }

    /// Packs three ids below 1024 into a key.
    @inline(__always)
    static func key(_ a: Int32, _ b: Int32, _ c: Int32) -> UInt32 {
        UInt32(truncatingIfNeeded: a) << 20 | UInt32(truncatingIfNeeded: b) << 10 | UInt32(truncatingIfNeeded: c)
    }

    /// Adds one to `key`'s count (`key` below `keyLimit`).
    @inline(__always)
    func increment(_ key: UInt32) {
        let stored = UInt64(key | PackedCountTable.keyLimit)
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let present = slots[slot]
            if present >> 32 == stored {
                if present & 0xFFFF_FFFF == spillAt { spill(slot) } else { slots[slot] = present &+ 1 }
                return
            }
            if present == 0 {
                slots[slot] = stored << 32 | 1
                count += 1
                if count * 2 > size { grow() }
                return
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Every key and its count, in no particular order.
    func forEach(_ body: (UInt32, Int64) -> Void) {
        for slot in 0..<size where slots[slot] != 0 {
            let key = UInt32(truncatingIfNeeded: slots[slot] >> 32) & (PackedCountTable.keyLimit - 1)
            body(key, Int64(slots[slot] & 0xFFFF_FFFF) + spilled[key, default: 0])
        }
    }

    private func spill(_ slot: Int) {
        let key = UInt32(truncatingIfNeeded: slots[slot] >> 32) & (PackedCountTable.keyLimit - 1)
        spilled[key, default: 0] += Int64(spillAt) + 1
        slots[slot] &= ~0xFFFF_FFFF
    }

    private func grow() {
        let old = slots, oldSize = size
        size *= 2
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for index in 0..<oldSize where old[index] != 0 {
            var slot = Int(truncatingIfNeeded: ((old[index] >> 32) &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[index]
        }
        old.deallocate()
    }
}
