import Testing
import KeyForgeWire

/// Strings: escapes, surrogates, UTF-8 validation and the string length limit.
@Suite("JSON parser strings")
struct JSONParserStringTests {
    @Test("every escape decodes to its character")
    func escapes() {
        #expect(parsed(#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u00E9 \u4e2d""#)
            == .string("\" \\ / \u{08} \u{0C} \n \r \t A é é 中"))
    }

    @Test("\\u0000 decodes to a NUL character inside the string")
    func nulEscape() {
        #expect(parsed(#""a\u0000b""#) == .string("a\u{0}b"))
    }

    @Test("a surrogate pair escape combines into one scalar")
    func surrogatePair() {
        #expect(parsed(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(parsed(#""x\ud83d\ude00y""#) == .string("x😀y"))
        #expect(parsed(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
    }

    @Test("a lone high or low surrogate is rejected at its escape")
    func loneSurrogates() {
        for text in [#""\uD83D""#, #""\uDE00""#, #""\uD83Dx""#, #""\uD83D\u0041""#, #""\uD83D\n""#, #""\uDE00\uD83D""#] {
            let error = parseError(text)
            #expect(error?.message == "lone surrogate", "\(text)")
            #expect(error?.offset == 1, "\(text)")
        }
    }

    @Test("an invalid escape is rejected")
    func invalidEscapes() {
        #expect(parseError(#""\x""#)?.message == "invalid escape sequence")
        #expect(parseError(#""\'""#)?.message == "invalid escape sequence")
        #expect(parseError(#""\U0041""#)?.message == "invalid escape sequence")
        #expect(parseError(#""\u00G1""#)?.message == "invalid \\u escape, expected four hex digits")
        #expect(parseError(#""\u00G1""#)?.offset == 5)
        #expect(parseError(#""\u12""#)?.message == "invalid \\u escape, expected four hex digits")
    }

    @Test("invalid UTF-8 in a string is rejected at the offending sequence")
    func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0xFF],              // never valid
            [0x80],              // stray continuation byte
            [0xC0, 0xAF],        // overlong "/"
            [0xE0, 0x80, 0xAF],  // overlong three-byte form
            [0xED, 0xA0, 0x80],  // an encoded surrogate
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],  // lead byte past the range
            [0xC3, 0x28],        // lead byte without its continuation
            [0xE2, 0x82],        // sequence cut short by the closing quote
        ]
        for sequence in cases {
            let error = parseError([UInt8(ascii: "\"")] + sequence + [UInt8(ascii: "\"")])
            #expect(error?.message == "invalid UTF-8", "\(sequence)")
            #expect(error?.offset == 1, "\(sequence)")
        }
    }

    @Test("valid multi-byte UTF-8 passes through unchanged at every width")
    func validUTF8() {
        #expect(parsed("\"é中😀\u{10FFFF}\u{7F}\"") == .string("é中😀\u{10FFFF}\u{7F}"))
    }

    @Test("a raw control character in a string is rejected")
    func controlCharacters() {
        for byte: UInt8 in [0x00, 0x09, 0x0A, 0x0D, 0x1F] {
            let error = parseError([0x22, 0x61, byte, 0x22])
            #expect(error?.message == "control character in string", "byte \(byte)")
            #expect(error?.offset == 2)
        }
    }

    @Test("a string at the byte limit parses and one byte past it fails, counting decoded bytes")
    func stringLimit() {
        let limits = JSONLimits(maxStringBytes: 4)
        #expect(parsed(#""abcd""#, limits: limits) == .string("abcd"))
        #expect(parseError(#"["abcde"]"#, limits: limits)?.message == "string longer than 4 bytes")
        #expect(parseError(#"["abcde"]"#, limits: limits)?.offset == 1)
        #expect(parsed(#""\u00e9\u00e9""#, limits: limits) == .string("éé"))
        #expect(parseError(#""\u00e9\u00e9x""#, limits: limits) != nil)
        #expect(parsed(#""\uD83D\uDE00""#, limits: limits) == .string("😀"))
        #expect(parseError(#"{"abcde":1}"#, limits: limits)?.message == "string longer than 4 bytes")
    }
}
