/// Counts words given as UTF-8 byte runs without making a String per occurrence: each distinct word's
/// bytes are kept once in an arena, found again by hash and byte comparison.
struct WordTable {
    private var arena: [UInt8] = []
    private var slotHash: [UInt64]
    private var slotStart: [Int32]
    private var slotLength: [Int32]
    private var slotCount: [Int64]
    private var mask: Int
    /// The number of distinct words.
    private(set) var count = 0

    /// An empty table.
    init() {
        let size = 1 << 14
        slotHash = [UInt64](repeating: 0, count: size)
        slotStart = [Int32](repeating: -1, count: size)
        slotLength = [Int32](repeating: 0, count: size)
        slotCount = [Int64](repeating: 0, count: size)
        mask = size - 1
    }

    /// FNV-1a over the bytes, never zero.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash | 1
    }

    /// Adds one to the count of the word spelled by `bytes`.
    mutating func increment(_ bytes: UnsafeBufferPointer<UInt8>) {
        let hash = WordTable.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slotStart[slot] >= 0 {
            if slotHash[slot] == hash && Int(slotLength[slot]) == bytes.count && matches(slot, bytes) {
                slotCount[slot] += 1
                return
            }
            slot = (slot + 1) & mask
        }
        slotHash[slot] = hash
        slotStart[slot] = Int32(arena.count)
        slotLength[slot] = Int32(bytes.count)
        slotCount[slot] = 1
        arena.append(contentsOf: bytes)
        count += 1
        if count * 2 > slotStart.count { grow() }
    }

    /// Every word and its count, in no particular order.
    func forEach(_ body: (String, Int64) -> Void) {
        arena.withUnsafeBufferPointer { arena in
            for slot in slotStart.indices where slotStart[slot] >= 0 {
                let start = Int(slotStart[slot])
                body(String(decoding: UnsafeBufferPointer(rebasing: arena[start ..< start + Int(slotLength[slot])]), as: UTF8.self), slotCount[slot])
            }
        }
    }

    private func matches(_ slot: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(slotStart[slot])
        for offset in 0..<bytes.count where arena[start + offset] != bytes[offset] { return false }
        return true
    }

    private mutating func grow() {
        let old = (slotHash, slotStart, slotLength, slotCount)
        let size = slotStart.count * 2
        slotHash = [UInt64](repeating: 0, count: size)
        slotStart = [Int32](repeating: -1, count: size)
        slotLength = [Int32](repeating: 0, count: size)
        slotCount = [Int64](repeating: 0, count: size)
        mask = size - 1
        for index in old.1.indices where old.1[index] >= 0 {
            var slot = Int(truncatingIfNeeded: old.0[index]) & mask
            while slotStart[slot] >= 0 { slot = (slot + 1) & mask }
            slotHash[slot] = old.0[index]
            slotStart[slot] = old.1[index]
            slotLength[slot] = old.2[index]
            slotCount[slot] = old.3[index]
        }
    }
}
