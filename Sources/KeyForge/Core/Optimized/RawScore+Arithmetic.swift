/// Adding and subtracting raw sums: a swap's delta is a `RawScore` of differences.
///
/// The operators wrap (two's complement) instead of trapping. Every raw sum of a real layout is below
/// 2^62 in magnitude (`CostModel.maxEntry` times `NGramCorpus.maxTotalCount`), so a difference of two
/// such sums fits in Int64, and arithmetic modulo 2^64 gives it exactly whatever order the terms came in.
extension RawScore {
    /// The field-by-field sum.
    @inline(__always)
    public static func + (lhs: RawScore, rhs: RawScore) -> RawScore {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// The field-by-field difference.
    @inline(__always)
    public static func - (lhs: RawScore, rhs: RawScore) -> RawScore {
        var difference = lhs
        difference.mono &-= rhs.mono
        difference.bi &-= rhs.bi
        difference.tri &-= rhs.tri
        difference.leftMass &-= rhs.leftMass
        difference.rightMass &-= rhs.rightMass
        difference.unplacedMass &-= rhs.unplacedMass
        return difference
    }

    /// Adds `rhs` field by field.
    @inline(__always)
    public static func += (lhs: inout RawScore, rhs: RawScore) {
        lhs.mono &+= rhs.mono
        lhs.bi &+= rhs.bi
        lhs.tri &+= rhs.tri
        lhs.leftMass &+= rhs.leftMass
        lhs.rightMass &+= rhs.rightMass
        lhs.unplacedMass &+= rhs.unplacedMass
    }

    /// True when every sum is zero (a swap that changes nothing).
    public var isZero: Bool { mono == 0 && bi == 0 && tri == 0 && leftMass == 0 && rightMass == 0 && unplacedMass == 0 }
}
