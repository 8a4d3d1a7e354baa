/// Counts words given as UTF-8 byte runs without making a String per occurrence: each distinct word's
/// bytes are kept once in an arena, found again by hash and byte comparison.
///
/// Slots (hash, arena offset, length, count) live in one manually managed buffer freed in `deinit`,
/// so counting a word has no copy-on-write checks; the table is a reference type owned by one
/// `CorpusCounter`.
final class WordTable {
    private var arena: [UInt8] = []
    /// Slot i: hash at 4i (0 = empty), arena offset at 4i + 1, length at 4i + 2, count at 4i + 3.
    private var slots: UnsafeMutablePointer<UInt64>
    private var size: Int
    private var mask: Int
    /// The number of distinct words.
    private(set) var count = 0

    /// An empty table.
    init() {
        size = 1 << 14
        slots = .allocate(capacity: size * 4)
        slots.initialize(repeating: 0, count: size * 4)
        mask = size - 1
    }

    deinit { slots.deallocate() }

    /// FNV-1a over the bytes, never zero.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash | 1
    }

    /// Adds one to the count of the word spelled by `bytes`.
    func increment(_ bytes: UnsafeBufferPointer<UInt8>) {
        let hash = WordTable.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot &* 4] != 0 {
            let base = slot &* 4
            if slots[base] == hash && Int(slots[base &+ 2]) == bytes.count && matches(Int(slots[base &+ 1]), bytes) {
                slots[base &+ 3] &+= 1
                return
            }
            slot = (slot &+ 1) & mask
        }
        let base = slot &* 4
        slots[base] = hash
        slots[base + 1] = UInt64(arena.count)
        slots[base + 2] = UInt64(bytes.count)
        slots[base + 3] = 1
        arena.append(contentsOf: bytes)
        count += 1
        if count * 2 > size { grow() }
    }

    /// Every word and its count, in no particular order.
    func forEach(_ body: (String, Int64) -> Void) {
        arena.withUnsafeBufferPointer { arena in
            for slot in 0..<size where slots[slot * 4] != 0 {
                let start = Int(slots[slot * 4 + 1]), length = Int(slots[slot * 4 + 2])
                body(String(decoding: UnsafeBufferPointer(rebasing: arena[start ..< start + length]), as: UTF8.self), Int64(slots[slot * 4 + 3]))
            }
        }
    }

    private func matches(_ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            for offset in 0..<bytes.count where arena[start &+ offset] != bytes[offset] { return false }
            return true
        }
    }

    private func grow() {
        let old = slots, oldSize = size
        size *= 2
        mask = size - 1
        slots = .allocate(capacity: size * 4)
        slots.initialize(repeating: 0, count: size * 4)
        for index in 0..<oldSize where old[index * 4] != 0 {
            var slot = Int(truncatingIfNeeded: old[index * 4]) & mask
            while slots[slot * 4] != 0 { slot = (slot + 1) & mask }
            for field in 0..<4 { slots[slot * 4 + field] = old[index * 4 + field] }
        }
        old.deallocate()
    }
}
