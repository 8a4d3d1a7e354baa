import KeyForgeWire

extension JobConfig {
    /// The canonical encoding (`CanonicalEncoder`, magic `KFJ1`) of a validated config: fields 1-12 in
    /// this order, every one always present: 1 keyboard, 2 corpora (list of id, weight pairs, sorted
    /// by id), 3 rubric, 4 start layout, 5 scope, 6 pinned (sorted), 7 restarts, 8 anneal share,
    /// 9 seed (as a two's complement 64-bit integer), 10 units, 11 steps per unit or absent,
    /// 12 seconds per unit or absent; then 13, the search method, only when it is not rounds (so the ids of
    /// jobs from before methods existed stay as they were). Priority is not encoded: it orders the queue,
    /// not the search. Golden tests pin these bytes: changing them changes every job id.
    public var canonicalBytes: [UInt8] {
        var encoder = CanonicalEncoder(magic: "KFJ1")
        encoder.field(1, string: keyboard)
        encoder.field(2, listOf: corpora.count * 2) { list in
            for corpus in corpora {
                list.item(string: corpus.id)
                list.item(float: corpus.weight)
            }
        }
        encoder.field(3, string: rubric)
        encoder.field(4, string: startLayout)
        encoder.field(5, string: scope.rawValue)
        encoder.field(6, listOf: pinned.count) { list in for pin in pinned { list.item(string: pin) } }
        encoder.field(7, integer: Int64(restarts))
        encoder.field(8, float: annealShare)
        encoder.field(9, integer: Int64(bitPattern: seed))
        encoder.field(10, integer: Int64(budget.units))
        if let steps = budget.stepsPerUnit { encoder.field(11, integer: steps) } else { encoder.absent(11) }
        if let seconds = budget.secondsPerUnit { encoder.field(12, float: seconds) } else { encoder.absent(12) }
        if method != .rounds { encoder.field(13, string: method.rawValue) }
        return encoder.bytes
    }

    /// The job id: SHA-256 of the canonical encoding, lower-case hex.
    public var jobID: String { SHA256.hex(canonicalBytes) }
}
