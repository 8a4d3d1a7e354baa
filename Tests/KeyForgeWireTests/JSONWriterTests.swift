import Testing
import KeyForgeWire

/// The deterministic writer: exact text in both layouts and round trips through the parser.
@Suite("JSON writer")
struct JSONWriterTests {
    /// A small nested value used by the layout and round-trip tests.
    static let sample = JSONValue.object(JSONObject([
        ("name", .string("qwerty")),
        ("score", .int(-42)),
        ("weights", .array([.double(0.1), .double(1e-05), .int(3)])),
        ("empty", .object(JSONObject())),
        ("none", .array([])),
        ("rows", .array([.object(JSONObject([("k", .null), ("on", .bool(true))])), .array([.string("a")])])),
    ]))

    @Test("compact output has no spaces and keeps member order")
    func compact() {
        #expect(JSONWriter.write(Self.sample) == #"{"name":"qwerty","score":-42,"weights":[0.1,1e-05,3],"empty":{},"none":[],"rows":[{"k":null,"on":true},["a"]]}"#)
    }

    @Test("pretty output for a small nested value is exact, scalar arrays on one line")
    func pretty() {
        let expected = """
        {
          "name": "qwerty",
          "score": -42,
          "weights": [0.1, 1e-05, 3],
          "empty": {},
          "none": [],
          "rows": [
            {
              "k": null,
              "on": true
            },
            ["a"]
          ]
        }
        """
        #expect(JSONWriter.write(Self.sample, pretty: true) == expected)
    }

    @Test("top-level scalars and empty containers are written the same in both layouts")
    func scalarsAndEmpties() {
        for pretty in [false, true] {
            #expect(JSONWriter.write(.null, pretty: pretty) == "null")
            #expect(JSONWriter.write(.bool(false), pretty: pretty) == "false")
            #expect(JSONWriter.write(.array([]), pretty: pretty) == "[]")
            #expect(JSONWriter.write(.object(JSONObject()), pretty: pretty) == "{}")
        }
    }

    @Test("integers are written exactly at both ends of Int64")
    func integers() {
        #expect(JSONWriter.write(.int(.max)) == "9223372036854775807")
        #expect(JSONWriter.write(.int(.min)) == "-9223372036854775808")
    }

    @Test("doubles are written as Swift's shortest round-trip description")
    func doubles() {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (1e-05, "1e-05"), (12.5, "12.5"), (100, "100.0"),
            (1e16, "1e+16"), (-0.0, "-0.0"), (.leastNonzeroMagnitude, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        ]
        for (double, text) in cases {
            #expect(JSONWriter.write(.double(double)) == text)
        }
    }

    @Test("control characters, quotes and backslashes are escaped; slash, DEL and non-ASCII are not")
    func escaping() {
        #expect(JSONWriter.write(.string("\"\\\u{08}\u{0C}\n\r\t\u{0}\u{01}\u{1F}")) == #""\"\\\b\f\n\r\t\u0000\u0001\u001f""#)
        #expect(JSONWriter.write(.string("a/b\u{7F}é😀")) == "\"a/b\u{7F}é😀\"")
        #expect(JSONWriter.write(.object(JSONObject([("k\n", .null)]))) == #"{"k\n":null}"#)
    }

    @Test("every C0 control character survives a write and parse round trip")
    func controlRoundTrip() throws {
        let all = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        #expect(try JSONParser.parse(JSONWriter.write(.string(all))) == .string(all))
    }

    @Test("parse(write(v)) == v for a nested value in both layouts, doubles staying doubles")
    func roundTrip() throws {
        let value = JSONValue.array([
            Self.sample,
            .double(3.0), .double(-0.0), .double(1e300), .int(0), .string("é\u{0}😀"),
            .object(JSONObject([("nested", .array([.array([.array([.double(2.5)])])]))])),
        ])
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.write(value, pretty: true)) == value)
        #expect(try JSONParser.parse(JSONWriter.write(value)).arrayValue?[1] == .double(3.0))
    }

    @Test("writing a parsed document again gives the same text")
    func stableText() throws {
        let first = JSONWriter.write(try JSONParser.parse(everyFeatureDocument), pretty: true)
        #expect(JSONWriter.write(try JSONParser.parse(first), pretty: true) == first)
    }
}
