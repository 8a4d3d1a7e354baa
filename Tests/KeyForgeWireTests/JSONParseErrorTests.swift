import Testing
import KeyForgeWire

/// Where an error is reported and how it reads.
@Suite("JSON parse errors")
struct JSONParseErrorTests {
    @Test("an error on line 3 reports its line, byte column and offset")
    func lineThree() throws {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let error = try #require(parseError(text))
        #expect(error == JSONParseError(offset: 18, line: 3, column: 7, message: "expected ':' after an object key"))
        #expect(error.description == "line 3, column 7: expected ':' after an object key")
    }

    @Test("columns count bytes, not characters")
    func byteColumns() {
        let error = parseError("[\"é\" x]")
        #expect(error?.line == 1)
        #expect(error?.column == 7)
        #expect(error?.offset == 6)
    }

    @Test("CRLF line endings count as one line each")
    func crlf() {
        let error = parseError("[\r\n1,\r\n\r\nx]")
        #expect(error?.line == 4)
        #expect(error?.column == 1)
    }

    @Test("unexpected end of input is reported just past the last byte")
    func endOfInputPosition() {
        let error = parseError("[1,\n  ")
        #expect(error?.offset == 6)
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test("the String and byte entry points report the same error")
    func entryPointsAgree() {
        let text = "{\"k\": [1, 2,]}"
        var fromString: JSONParseError?
        do { _ = try JSONParser.parse(text) } catch { fromString = error }
        #expect(fromString != nil)
        #expect(fromString == parseError(Array(text.utf8)))
    }
}
