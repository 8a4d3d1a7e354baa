import Foundation
import KeyForgeAdapters
import KeyForgeCore
import Testing
import KeyForgeServices

@Suite("Word-frequency lists")
struct WordListTests {
    @Test("JSON objects and word<TAB>weight lines give the same list; weights may be fractional")
    func formats() throws {
        let json = try WordListCodec.decode(Array(#"{"the": 5, "Hello": 2.5, "bob's": 0.125}"#.utf8), source: "a.json")
        let tsv = try WordListCodec.decode(Array("# comment\nthe\t5\r\nhello\t2.5\n\nbob's 0.125\n".utf8), source: "a.tsv")
        #expect(json == tsv)
        #expect(json.entries.map(\.word) == ["the", "hello", "bob's"])
        #expect(json.entries.map(\.weight) == [5, 2.5, 0.125])
    }

    @Test("bad lists are refused with the file and the line or word")
    func refusals() {
        let cases: [(String, InputError)] = [
            (#"{"the": "many"}"#, InputError(.invalid, source: "f: \"the\"", "the weight must be a number (got string)")),
            (#"{"the": 1, "the": 2}"#, InputError(.invalid, source: "f", "not a valid word list: line 1, column 12: duplicate key \"the\"")),
            ("the\t1\nof\n", InputError(.invalid, source: "f:2", "expected word<TAB>weight")),
            ("the\t-1\n", InputError(.invalid, source: "f", "words[0]: the weight of \"the\" must be a finite number ≥ 0 (got -1.0)")),
            ("{}", InputError(.invalid, source: "f", "words: no word has a weight above 0")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try WordListCodec.decode(Array(text.utf8), source: "f") }
        }
    }

    @Test("a word-list file loads as a corpus named words/<file>, hashed by its bytes, with its words segment")
    func catalog() throws {
        let path = NSTemporaryDirectory() + "kf-words-\(getpid()).json"
        try #"{"the": 3, "of": 1}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try AssetCatalog(folders: []).loadCorpus(path)
        #expect(loaded.corpus.id == "words/kf-words-\(getpid())")
        #expect(loaded.corpus.words.map(\.word) == ["of", "the"])
        // 15 characters per unit of weight (the: 3 x 4, of: 1 x 3), scaled to 10^9.
        #expect(loaded.corpus.words.map(\.count) == [66_666_667, 200_000_000])
        #expect(loaded.contentHash.count == 64)
        #expect(!loaded.corpus.hasSyntheticKeys)
    }
}
