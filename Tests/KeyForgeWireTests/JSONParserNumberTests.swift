import Testing
import KeyForgeWire

/// The number grammar and the split between `.int` and `.double`.
@Suite("JSON parser numbers")
struct JSONParserNumberTests {
    @Test("an integer literal that fits Int64 is .int, at both ends of the range")
    func integersInRange() {
        #expect(parsed("0") == .int(0))
        #expect(parsed("-1") == .int(-1))
        #expect(parsed("9223372036854775807") == .int(.max))
        #expect(parsed("-9223372036854775808") == .int(.min))
    }

    @Test("an integer literal one past Int64 is .double")
    func integersPastRange() {
        #expect(parsed("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(parsed("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(parsed("100000000000000000000") == .double(1e20))
    }

    @Test("negative zero is .double(-0.0) and keeps its sign; zero is .int(0)")
    func negativeZero() throws {
        let value = try #require(parsed("-0"))
        #expect(value == .double(-0.0))
        #expect(value.doubleValue?.sign == .minus)
        #expect(parsed("0") == .int(0))
        #expect(parsed("-0.0")?.doubleValue?.sign == .minus)
    }

    @Test("a fraction or an exponent makes a double even when the value is integral")
    func doubles() {
        #expect(parsed("1.0") == .double(1))
        #expect(parsed("1e2") == .double(100))
        #expect(parsed("1E+2") == .double(100))
        #expect(parsed("1e-2") == .double(0.01))
        #expect(parsed("-0.5") == .double(-0.5))
        #expect(parsed("12.5") == .double(12.5))
        #expect(parsed("0.1") == .double(0.1))
        #expect(parsed("1e0005") == .double(1e5))
    }

    @Test("NaN, Infinity and -Infinity are rejected")
    func nonFiniteLiterals() {
        #expect(parseError("NaN")?.message == "expected a value, found 'N'")
        #expect(parseError("Infinity")?.message == "expected a value, found 'I'")
        #expect(parseError("-Infinity")?.message == "expected a digit after '-'")
        #expect(parseError("[nan]")?.message == "invalid literal, expected 'null'")
    }

    @Test("a number beyond Double's range such as 1e400 is rejected as out of range")
    func outOfRange() {
        #expect(parseError("1e400")?.message == "number out of range")
        #expect(parseError("[-1e400]")?.message == "number out of range")
        #expect(parseError("[-1e400]")?.offset == 1)
        #expect(parseError("1" + String(repeating: "0", count: 400))?.message == "number out of range")
        #expect(parseError("1.7976931348623157e308") == nil)
    }

    @Test("a number too small for Double underflows to zero rather than failing")
    func underflow() {
        #expect(parsed("1e-400") == .double(0))
    }

    @Test("leading zeros, a plus sign, a bare point and a missing exponent are rejected")
    func malformed() {
        #expect(parseError("01")?.message == "leading zero in a number")
        #expect(parseError("-01")?.message == "leading zero in a number")
        #expect(parseError("00")?.message == "leading zero in a number")
        #expect(parseError("+1")?.message == "expected a value, found '+'")
        #expect(parseError(".5")?.message == "expected a value, found '.'")
        #expect(parseError("[1.]")?.message == "expected a digit after '.'")
        #expect(parseError("[1.e5]")?.message == "expected a digit after '.'")
        #expect(parseError("[1e]")?.message == "expected a digit in the exponent")
        #expect(parseError("[1e+]")?.message == "expected a digit in the exponent")
        #expect(parseError("[-]")?.message == "expected a digit after '-'")
        #expect(parseError("--1")?.message == "expected a digit after '-'")
        #expect(parseError("0x10")?.message == "unexpected data after the JSON value")
        #expect(parseError("1.5.2")?.message == "unexpected data after the JSON value")
    }

    @Test("a number cut off at the end of input fails with unexpected end of input")
    func truncated() {
        for text in ["-", "1.", "1e", "1e-", "[1"] {
            #expect(parseError(text)?.message == "unexpected end of input", "\(text)")
        }
    }
}
