import KeyForgeServices
import Testing

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test("known instants format as their calendar dates, across leap days, centuries and before 1970",
          arguments: [(Int64(0), "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
                      (4_107_542_399, "2100-02-28T23:59:59Z"), (1_795_459_200, "2026-11-23T18:40:00Z"),
                      (-1, "1969-12-31T23:59:59Z"), (-86_400, "1969-12-31T00:00:00Z")])
    func knownInstants(seconds: Int64, expected: String) {
        #expect(UTCTimestamp.format(unixSeconds: seconds) == expected)
    }
}
