import Testing
import KeyForgeCore
import KeyForgeWire
@testable import KeyForgeServices

/// The playground's `layers` and `magic` request members read into Core's types and written back.
@Suite("Layout extras JSON")
struct LayoutExtrasJSONTests {
    /// A 4-key board: a b SHIFT MO(num).
    static let keyboard: Keyboard = {
        let keys = (0..<4).map { Key(hand: 0, finger: 3, row: 1, col: $0, x: Double($0), y: 0) }
        return Keyboard(name: "four", homeRow: 1, keys: keys)
    }()
    static let keycodes = KeycodeTable(names: ["SHIFT", "REPEAT", "MAGIC", "SPACE"], aliases: ["QK_REP": "REPEAT"])
    static let base = Layout(symbols: ["a", "b", "SHIFT", "MO(num)"])

    static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test("layer symbols keep their case, named keys go through the table, default shift is Core's, rules in order")
    func decodes() throws {
        let layout = try LayoutExtrasJSON.apply(layers: try Self.parse(#"{"shift": "default", "num": "1 Q NONE QK_REP"}"#),
                                                magic: try Self.parse(#"{"b": "A", "a": "SPACE"}"#),
                                                to: Self.base, keyboard: Self.keyboard, keycodes: Self.keycodes)
        // The default shift of a b SHIFT MO(num): capitals for the letters, nothing for the named keys.
        #expect(layout.layers == [LayoutLayer(name: "shift", symbols: ["A", "B", nil, nil]),
                                  LayoutLayer(name: "num", symbols: ["1", "Q", nil, "REPEAT"])])
        #expect(layout.magicRules == [MagicRule(after: "b", output: "A"), MagicRule(after: "a", output: "SPACE")])
        #expect(layout.symbols == Self.base.symbols)
        // Written back: every layer spelled out, rules as given.
        #expect(LayoutExtrasJSON.encodeLayers(layout) == (try Self.parse(#"{"shift": "A B NONE NONE", "num": "1 Q NONE REPEAT"}"#)))
        #expect(LayoutExtrasJSON.encodeMagic(layout) == (try Self.parse(#"{"b": "A", "a": "SPACE"}"#)))
        // One character per key when the string has no whitespace.
        let compact = try LayoutExtrasJSON.apply(layers: try Self.parse(#"{"num": "12;:"}"#), magic: nil, to: Self.base,
                                                 keyboard: Self.keyboard, keycodes: Self.keycodes)
        #expect(compact.layers.first?.symbols == ["1", "2", ";", ":"])
        #expect(LayoutExtrasJSON.encodeLayers(Self.base) == nil && LayoutExtrasJSON.encodeMagic(Self.base) == nil)
    }

    @Test("mistakes name the field")
    func refuses() throws {
        let cases: [(String?, String?, String)] = [
            (#"{"num": "1 2 3"}"#, nil, "layers.num: has 3 tokens; the board has 4 keys"),
            (#"{"Num": "1 2 3 4"}"#, nil, "layers.Num: a layer is `shift` or named by"),
            (#"{"num": "default"}"#, nil, "layers.num: only the shift layer"),
            (#"{"num": "1 2 3 FOO"}"#, nil, "layers.num[3]: unknown key name \"FOO\""),
            (nil, #"{"a": "MO(num)"}"#, "magic.a: MO(num) is a key"),
            (nil, #"{"a": "NONE"}"#, "magic.a: a rule needs a symbol on both sides"),
            (nil, #"{"a": ["b"]}"#, "magic.a: must be the symbol MAGIC types"),
        ]
        for (layers, magic, message) in cases {
            do {
                _ = try LayoutExtrasJSON.apply(layers: try layers.map(Self.parse), magic: try magic.map(Self.parse), to: Self.base,
                                               keyboard: Self.keyboard, keycodes: Self.keycodes)
                Issue.record("\(layers ?? "") \(magic ?? "") was accepted")
            } catch let error as InputError {
                #expect(error.description.contains(message), "\(error.description) should say \(message)")
            }
        }
    }
}
