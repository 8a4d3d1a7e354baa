import Testing
import KeyForgeWire

/// The typed accessors of `JSONValue` and the ordered `JSONObject`.
@Suite("JSON values")
struct JSONValueTests {
    @Test("numeric accessors convert between int and double only when exact")
    func numericAccessors() {
        #expect(JSONValue.int(3).doubleValue == 3)
        #expect(JSONValue.double(2.5).doubleValue == 2.5)
        #expect(JSONValue.int(-7).int64Value == -7)
        #expect(JSONValue.double(4.0).int64Value == 4)
        #expect(JSONValue.double(1.5).int64Value == nil)
        #expect(JSONValue.double(1e19).int64Value == nil)
        #expect(JSONValue.double(-9_223_372_036_854_775_808.0).int64Value == .min)
        #expect(JSONValue.double(0x1p63).int64Value == nil)
        #expect(JSONValue.double(.nan).int64Value == nil)
        #expect(JSONValue.double(-.infinity).int64Value == nil)
        #expect(JSONValue.double(-0.0).int64Value == 0)
        #expect(JSONValue.string("3").int64Value == nil)
        #expect(JSONValue.null.doubleValue == nil)
    }

    @Test("each accessor returns its payload for its own case and nil for the others")
    func typedAccessors() {
        let object = JSONObject([("a", .null)])
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.object(object).objectValue == object)
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.string("true").boolValue == nil)
        #expect(JSONValue.object(object).arrayValue == nil)
        #expect(JSONValue.array([]).objectValue == nil)
    }

    @Test("typeName names the JSON type for error messages")
    func typeNames() {
        let values: [JSONValue] = [.null, .bool(true), .int(1), .double(1), .string(""), .array([]), .object(JSONObject())]
        #expect(values.map(\.typeName) == ["null", "boolean", "number", "number", "string", "array", "object"])
    }

    @Test("an object looks members up by key and appends in order")
    func objectMembers() {
        var object = JSONObject()
        object.append("b", .int(1))
        object.append("a", .string("x"))
        #expect(object.keys == ["b", "a"])
        #expect(object["a"] == .string("x"))
        #expect(object["missing"] == nil)
    }

    @Test("objects are equal only with the same members in the same order")
    func objectEquality() {
        let first = JSONObject([("a", .int(1)), ("b", .int(2))])
        #expect(first == JSONObject([("a", .int(1)), ("b", .int(2))]))
        #expect(first != JSONObject([("b", .int(2)), ("a", .int(1))]))
        #expect(first != JSONObject([("a", .int(1))]))
        #expect(first != JSONObject([("a", .int(1)), ("b", .double(2))]))
    }
}
