/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// The search passes one of these in as a value (docs/adr/0024-explicit-determinism.md): the same seed gives the same
/// sequence on every machine, unlike the system generator. It is not cryptographic. `next()` adds
/// the golden-ratio increment to the state and mixes it, so every seed, zero included, is fine.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's state: the seed plus the increment times the number of values drawn.
    public private(set) var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed integer in `0 ..< upperBound` (Lemire's multiply-shift with rejection,
    /// so there is no modulo bias); `upperBound` must be positive.
    @inline(__always)
    public mutating func next(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "next(below:) needs a positive bound")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }
}
