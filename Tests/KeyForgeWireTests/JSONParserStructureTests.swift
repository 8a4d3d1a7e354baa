import Testing
import KeyForgeWire

/// Containers, depth, separators and what may surround the top-level value.
@Suite("JSON parser structure")
struct JSONParserStructureTests {
    @Test("a document using every part of the grammar parses into the expected tree")
    func everyFeature() throws {
        let value = try JSONParser.parse(everyFeatureDocument)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["name", "sfb_base", "weights", "flags", "rows", "big"])
        #expect(object["name"] == .string("café 😀 中"))
        #expect(object["sfb_base"] == .int(-12))
        #expect(object["weights"] == .array([.double(0.5), .double(1e-05), .double(2000), .double(-0.0)]))
        #expect(object["flags"] == .object(JSONObject([("on", .bool(true)), ("off", .bool(false)), ("none", .null)])))
        let deep = JSONValue.object(JSONObject([("deep", .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))]))
        #expect(object["rows"] == .array([.array([]), .object(JSONObject()), .array([.int(1), .array([.int(2), deep])])]))
        #expect(object["big"] == .int(.max))
    }

    @Test("every scalar parses on its own as a top-level value")
    func topLevelScalars() {
        #expect(parsed("null") == .null)
        #expect(parsed("true") == .bool(true))
        #expect(parsed("false") == .bool(false))
        #expect(parsed("7") == .int(7))
        #expect(parsed("\"x\"") == .string("x"))
        #expect(parsed(" \t\r\n[ ]\n") == .array([]))
    }

    @Test("depth at the maximum parses and one past it fails with the limit in the message")
    func depthBoundary() {
        #expect(parsed(nestedArrays(64)) != nil)
        let error = parseError(nestedArrays(65))
        #expect(error?.message == "nesting deeper than 64")
        #expect(error?.offset == 64)

        let objects = String(repeating: "{\"k\":", count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(parsed(objects) != nil)
        #expect(parseError("[" + objects + "]")?.message == "nesting deeper than 64")
    }

    @Test("depth counts empty containers and mixed arrays and objects under a custom limit")
    func customDepth() {
        let limits = JSONLimits(maxDepth: 2)
        #expect(parsed("[{}]", limits: limits) != nil)
        #expect(parsed("{\"a\":[1],\"b\":[[]]}", limits: limits) == nil)
        #expect(parseError("[{\"a\":[]}]", limits: limits)?.message == "nesting deeper than 2")
        #expect(parsed("1", limits: JSONLimits(maxDepth: 0)) == .int(1))
        #expect(parseError("[]", limits: JSONLimits(maxDepth: 0))?.message == "nesting deeper than 0")
    }

    @Test("every proper prefix of a valid document fails with unexpected end of input at its end")
    func everyPrefix() {
        let bytes = Array(everyFeatureDocument.utf8)
        for length in 0..<bytes.count {
            let error = parseError(Array(bytes[0..<length]))
            #expect(error?.message == "unexpected end of input", "prefix of \(length) bytes")
            #expect(error?.offset == length, "prefix of \(length) bytes")
        }
        #expect(parseError(bytes) == nil)
    }

    @Test("every single-byte corruption or deletion of a valid document parses or throws, never traps")
    func corruptionsNeverTrap() {
        let bytes = Array(everyFeatureDocument.utf8)
        let replacements: [UInt8] = [0x00, 0x22, 0x2C, 0x5C, 0x5D, 0x7B, 0x80, 0xFF]
        var rejected = 0
        for index in bytes.indices {
            for replacement in replacements where replacement != bytes[index] {
                var corrupted = bytes
                corrupted[index] = replacement
                if parseError(corrupted) != nil { rejected += 1 }
            }
            var shortened = bytes
            shortened.remove(at: index)
            if parseError(shortened) != nil { rejected += 1 }
        }
        #expect(rejected > bytes.count)
    }

    @Test("empty and whitespace-only input fails with unexpected end of input")
    func emptyInput() {
        #expect(parseError("")?.message == "unexpected end of input")
        #expect(parseError(" \n\t\r ")?.message == "unexpected end of input")
    }

    @Test("a duplicate key is rejected with the key in the message, at the second occurrence")
    func duplicateKey() {
        let error = parseError(#"{"sfb_base":1,"sfb_base":2}"#)
        #expect(error?.message == #"duplicate key "sfb_base""#)
        #expect(error?.offset == 14)
        #expect(parseError(#"{"a":1,"b":{"c":2,"c":3}}"#)?.message == #"duplicate key "c""#)
        #expect(parseError(#"{"\u0061":1,"a":2}"#)?.message == #"duplicate key "a""#)
    }

    @Test("the same key in nested and sibling objects is not a duplicate")
    func keysAreScopedPerObject() {
        #expect(parsed(#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#) != nil)
    }

    @Test("a trailing comma in an array or an object is rejected at the comma")
    func trailingComma() {
        #expect(parseError("[1,]")?.message == "trailing comma")
        #expect(parseError("[1,]")?.offset == 2)
        #expect(parseError(#"{"a":1,}"#)?.message == "trailing comma")
        #expect(parseError("[1 ,\n ]")?.message == "trailing comma")
        #expect(parseError("[[],]")?.message == "trailing comma")
    }

    @Test("a missing or doubled separator is rejected")
    func separators() {
        #expect(parseError("[1 2]")?.message == "expected ',' or ']' after an array element")
        #expect(parseError(#"{"a":1 "b":2}"#)?.message == "expected ',' or '}' after an object member")
        #expect(parseError("[1,,2]")?.message == "expected a value, found ','")
        #expect(parseError("[,1]")?.message == "expected a value, found ','")
        #expect(parseError(#"{"a" 1}"#)?.message == "expected ':' after an object key")
        #expect(parseError(#"{"a"::1}"#)?.message == "expected a value, found ':'")
        #expect(parseError("[1}")?.message == "expected ',' or ']' after an array element")
        #expect(parseError(#"{"a":1]"#)?.message == "expected ',' or '}' after an object member")
    }

    @Test("an object key that is not a string is rejected")
    func nonStringKey() {
        #expect(parseError("{a:1}")?.message == "expected a string key or '}'")
        #expect(parseError("{1:2}")?.message == "expected a string key or '}'")
        #expect(parseError(#"{"a":1,b:2}"#)?.message == "expected a string key")
    }

    @Test("data after the top-level value is rejected, whitespace after it is not")
    func trailingData() {
        #expect(parseError("{}{}")?.message == "unexpected data after the JSON value")
        #expect(parseError("{}{}")?.offset == 2)
        #expect(parseError("1 2")?.message == "unexpected data after the JSON value")
        #expect(parseError("[]]")?.message == "unexpected data after the JSON value")
        #expect(parseError("truex")?.message == "unexpected data after the JSON value")
        #expect(parsed("  [1] \n\t\r\n") == .array([.int(1)]))
    }

    @Test("whitespace other than space, tab, CR and LF is rejected")
    func otherWhitespace() {
        #expect(parseError("[\u{0C}1]")?.message == "expected a value, found byte 0x0C")
        #expect(parseError("[1\u{0B}]") != nil)
        #expect(parseError("\u{A0}1")?.message == "expected a value, found byte 0xC2")
        #expect(parseError("1\u{2028}") != nil)
    }

    @Test("comments are rejected")
    func comments() {
        #expect(parseError("// note\n1") != nil)
        #expect(parseError("[1 /* note */]") != nil)
        #expect(parseError("# note\n1") != nil)
    }

    @Test("a UTF-8 byte order mark at the start is rejected")
    func byteOrderMark() {
        let error = parseError([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(error?.message == "byte order mark is not allowed")
        #expect(error?.offset == 0)
        #expect(parseError("\u{FEFF}[]")?.message == "byte order mark is not allowed")
    }

    @Test("misspelled and truncated literals are rejected")
    func literals() {
        #expect(parseError("tru")?.message == "unexpected end of input")
        #expect(parseError("[nul]")?.message == "invalid literal, expected 'null'")
        #expect(parseError("fals3")?.message == "invalid literal, expected 'false'")
        #expect(parseError("True")?.message == "expected a value, found 'T'")
        #expect(parseError("undefined")?.message == "expected a value, found 'u'")
    }

    @Test("input at the size limit parses and one byte past it is rejected by both entry points")
    func inputLimit() {
        let limits = JSONLimits(maxInputBytes: 4)
        #expect(parsed("[12]", limits: limits) == .array([.int(12)]))
        #expect(parseError("[1,2]", limits: limits)?.message == "input larger than 4 bytes")
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,2]", limits: limits) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array("[1,2]".utf8), limits: limits) }
    }

    @Test("object members keep their source order")
    func memberOrder() {
        #expect(parsed(#"{"z":1,"a":2,"m":3}"#)?.objectValue?.keys == ["z", "a", "m"])
    }
}
