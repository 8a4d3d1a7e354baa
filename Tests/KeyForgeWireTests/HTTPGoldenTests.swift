import Testing
import KeyForgeWire

/// The llhttp-style golden cases in `HTTPCases/`, each fed whole, byte by byte, split in two at
/// every point, and cut at every prefix.
@Suite("HTTP request golden cases")
struct HTTPGoldenTests {
    /// Every case, loaded once.
    static let cases: [HTTPGoldenCase] = (try? HTTPGoldenCase.all()) ?? []

    /// The offsets to try for an input of `count` bytes: all of them for small inputs, else both
    /// ends in full and a stride through the middle, so a 16 KiB case stays quadratic-cheap.
    static func offsets(_ count: Int) -> [Int] {
        guard count > 1_024 else { return Array(0...count) }
        let stride = Swift.stride(from: 256, to: count - 256, by: max(1, count / 256))
        return Array(0..<256) + Array(stride) + Array((count - 256)...count)
    }

    @Test("the case folder holds at least 40 well-formed cases")
    func casesLoad() throws {
        let cases = try HTTPGoldenCase.all()
        #expect(cases.count >= 40)
        for golden in cases {
            #expect(!golden.why.isEmpty, "\(golden) has no sentence saying why")
            #expect(!golden.input.isEmpty, "\(golden) has no http block")
            #expect(!golden.expected.isEmpty, "\(golden) has no log block")
        }
        #expect(Set(cases.map(\.description)).count == cases.count, "case titles repeat within a file")
    }

    @Test("each case fed whole gives the expected log", arguments: cases)
    func whole(_ golden: HTTPGoldenCase) {
        var session = HTTPRequestSession(limits: golden.limits)
        session.feed(golden.input)
        #expect(session.outcome == golden.expected)
    }

    @Test("each case fed byte by byte gives the expected log", arguments: cases)
    func byteByByte(_ golden: HTTPGoldenCase) {
        var session = HTTPRequestSession(limits: golden.limits)
        for byte in golden.input { session.feed(CollectionOfOne(byte)) }
        #expect(session.outcome == golden.expected)
    }

    @Test("each case split in two anywhere gives the expected log", arguments: cases)
    func splitInTwo(_ golden: HTTPGoldenCase) {
        for split in Self.offsets(golden.input.count) {
            var session = HTTPRequestSession(limits: golden.limits)
            session.feed(golden.input[..<split])
            session.feed(golden.input[split...])
            #expect(session.outcome == golden.expected, "split at \(split)")
            if session.outcome != golden.expected { return }
        }
    }

    @Test("every prefix of each case gives partial or a prefix of the expected log, never another verdict", arguments: cases)
    func everyPrefix(_ golden: HTTPGoldenCase) {
        for length in Self.offsets(golden.input.count) {
            var session = HTTPRequestSession(limits: golden.limits)
            session.feed(golden.input[..<length])
            var outcome = session.outcome
            if outcome.last == "partial" { outcome.removeLast() }
            let isPrefix = outcome.count <= golden.expected.count && Array(golden.expected.prefix(outcome.count)) == outcome
            #expect(isPrefix, "prefix of \(length) bytes gave \(session.outcome)")
            if !isPrefix { return }
        }
    }
}
