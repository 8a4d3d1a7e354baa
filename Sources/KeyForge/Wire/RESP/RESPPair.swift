/// One key and its value in a RESP3 map.
///
/// A struct rather than a tuple so that `RESPValue` keeps its synthesized `Equatable` conformance.
public struct RESPPair: Equatable, Sendable {
    /// The key; any RESP value, though servers send strings in practice.
    public var key: RESPValue
    /// The value stored under `key`.
    public var value: RESPValue

    /// Creates a pair.
    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}
