/// A JSON object that keeps its members in source order; keys are unique.
///
/// Order is kept so that the writer is deterministic and a parsed document writes back in the order
/// it was read. The parser rejects duplicate keys, so every parsed object has unique keys; code that
/// builds objects keeps the invariant through `append`. Lookup is linear: objects in KeyForge's
/// documents are small, and a dictionary beside the array would double the memory of every object.
public struct JSONObject: Equatable, Sendable {
    /// The members in order. Keys must stay unique; `append` checks this, direct edits must keep it.
    public var members: [(key: String, value: JSONValue)]

    /// Creates an object from members whose keys the caller guarantees to be unique.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    /// The value for `key`, or `nil` when the object has no such member.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// Appends a member; `key` must not be present yet (a duplicate is a programmer error and traps).
    public mutating func append(_ key: String, _ value: JSONValue) {
        precondition(self[key] == nil, "duplicate JSON object key \"\(key)\"")
        members.append((key: key, value: value))
    }

    /// The keys in member order.
    public var keys: [String] {
        members.map(\.key)
    }

    /// Whether both objects have the same members in the same order.
    ///
    /// Order counts because it is observable: two objects that differ only in order write to
    /// different text, and the writer's output is meant to be a function of the value.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }
}
