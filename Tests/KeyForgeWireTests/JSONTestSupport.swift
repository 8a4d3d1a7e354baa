import KeyForgeWire

/// The error `JSONParser` throws for `text`, or `nil` when it parses.
func parseError(_ text: String, limits: JSONLimits = .standard) -> JSONParseError? {
    parseError(Array(text.utf8), limits: limits)
}

/// The error `JSONParser` throws for `bytes`, or `nil` when they parse.
func parseError(_ bytes: [UInt8], limits: JSONLimits = .standard) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The value `JSONParser` returns for `text`, or `nil` when it throws.
func parsed(_ text: String, limits: JSONLimits = .standard) -> JSONValue? {
    try? JSONParser.parse(text, limits: limits)
}

/// `count` arrays nested inside each other around `1`, e.g. `[[1]]` for 2.
func nestedArrays(_ count: Int) -> String {
    String(repeating: "[", count: count) + "1" + String(repeating: "]", count: count)
}

/// A document that uses every part of the grammar: nesting, escapes, a surrogate pair, multi-byte
/// UTF-8, every literal, integers, fractions and exponents, and whitespace of every allowed kind.
let everyFeatureDocument = """
{"name": "caf\\u00e9 \\uD83D\\uDE00 中", "sfb_base": -12, "weights": [0.5, 1e-05, 2E+3, -0.0],
\t"flags": {"on": true, "off": false, "none": null},\r
  "rows": [[], {}, [1, [2, {"deep": "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"}]]], "big": 9223372036854775807}
"""
