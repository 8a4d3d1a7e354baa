/// One aggregate that `RESPReader` has opened and not yet completed: what it has read of it so far.
///
/// Frames replace recursion (as hiredis's task stack does), so nesting costs heap memory bounded by
/// `RESPLimits.maxDepth`, and a reply that stops part-way keeps its finished elements across feeds.
struct RESPFrame: Sendable {
    /// Which aggregate the frame builds.
    enum Kind: Sendable {
        /// `*`: an array.
        case array
        /// `%`: a map, read as alternating keys and values.
        case map
        /// `~`: a set.
        case set
        /// `>`: a push.
        case push
        /// `|`: an attribute, whose values are counted but not kept.
        case attribute
    }

    /// What a step of the reader produced.
    enum Outcome: Sendable {
        /// A finished value for the enclosing aggregate, or the reply itself at the top.
        case value(RESPValue)
        /// A non-empty aggregate was opened; its elements come next.
        case opened
        /// An attribute was finished and dropped; the value it annotates comes next.
        case discarded
    }

    /// The aggregate being built.
    let kind: Kind
    /// How many values the aggregate holds in all: twice the pair count for maps and attributes.
    let expectedCount: Int
    /// The values read so far, in wire order; always empty for an attribute.
    private(set) var values: [RESPValue] = []
    /// How many values have been read so far, attributes' included.
    private(set) var receivedCount = 0

    /// Creates a frame for `expectedCount` values, reserving room for at most `reservedCount` of them.
    ///
    /// The caller bounds `reservedCount` by the bytes it has in hand, so a header that promises
    /// millions of elements reserves nothing it has not been sent.
    init(kind: Kind, expectedCount: Int, reservedCount: Int) {
        self.kind = kind
        self.expectedCount = expectedCount
        if kind != .attribute {
            values.reserveCapacity(min(expectedCount, reservedCount))
        }
    }

    /// Whether every value the header promised has been read.
    var isComplete: Bool {
        receivedCount == expectedCount
    }

    /// Adds the next value in wire order.
    mutating func append(_ value: RESPValue) {
        receivedCount += 1
        if kind != .attribute {
            values.append(value)
        }
    }

    /// The finished aggregate; call once `isComplete` holds.
    func finish() -> Outcome {
        switch kind {
        case .array:
            return .value(.array(values))
        case .set:
            return .value(.set(values))
        case .push:
            return .value(.push(values))
        case .attribute:
            return .discarded
        case .map:
            var pairs: [RESPPair] = []
            pairs.reserveCapacity(values.count / 2)
            for index in stride(from: 0, to: values.count, by: 2) {
                pairs.append(RESPPair(key: values[index], value: values[index + 1]))
            }
            return .value(.map(pairs))
        }
    }
}
