/// Counts words of at most 8 UTF-8 bytes (most words) keyed by their bytes packed little-endian into one
/// 64-bit key: no hash of the bytes, no arena, no byte comparison. A word's bytes are never zero (control
/// characters are dropped), so its key is never zero and the packing is unambiguous; zero marks an empty slot.
final class ShortWordTable {
    /// The longest word kept here, in bytes; longer ones go to a `WordTable`.
    static let maxBytes = 8
    /// Slot i holds its key at 2i and its count at 2i + 1.
    private var slots: UnsafeMutablePointer<UInt64>
    private var size: Int
    private var mask: Int
    private var shift: UInt64
    /// The number of distinct words.
    private(set) var count = 0

    /// An empty table.
    init() {
        size = 1 << 14
        slots = .allocate(capacity: size * 2)
        slots.initialize(repeating: 0, count: size * 2)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit { slots.deallocate() }

    /// Adds one to the count of the word whose bytes `key` packs (non-zero).
    @inline(__always)
    func increment(_ key: UInt64) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let present = slots[slot &* 2]
            if present == key {
                slots[slot &* 2 &+ 1] &+= 1
                return
            }
            if present == 0 {
                slots[slot &* 2] = key
                slots[slot &* 2 &+ 1] = 1
                count += 1
                if count * 2 > size { grow() }
                return
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Every word and its count, in no particular order.
    func forEach(_ body: (String, Int64) -> Void) {
        for slot in 0..<size where slots[slot * 2] != 0 {
            var key = slots[slot * 2]
            var bytes: [UInt8] = []
            while key != 0 {
                bytes.append(UInt8(truncatingIfNeeded: key))
                key >>= 8
            }
            body(String(decoding: bytes, as: UTF8.self), Int64(slots[slot * 2 + 1]))
        }
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
