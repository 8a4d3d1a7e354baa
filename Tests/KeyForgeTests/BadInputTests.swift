import Testing
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices
@testable import KeyForge

/// Bad input gets a clear error naming the file and the field, and exit code 65: never a crash or a trap.
@Suite("Bad input")
struct BadInputTests {
    static func inputError(_ body: () throws -> Void) -> InputError? {
        do { try body(); return nil } catch { return error as? InputError }
    }

    static let folder = makeTemporaryFolder()

    static func keyboardJSON(finger: Int = 1, trailer: String = "") -> String {
        """
        {"name": "t", "keys": [
          {"row": 0, "col": 0, "x": 0, "y": 0, "hand": 0, "finger": 1, "home": true},
          {"row": 0, "col": 1, "x": 1, "y": 0, "hand": 0, "finger": \(finger)},
          {"row": 0, "col": 2, "x": 3, "y": 0, "hand": 1, "finger": 1, "home": true}
        ], "base_layout": "* * *", "layouts": {"abc": "abc"}}\(trailer)
        """
    }

    @Test("malformed keyboard JSON names the file and the line, and exits 65")
    func malformedKeyboard() throws {
        let path = "\(Self.folder)/malformed.json"
        try write(Self.keyboardJSON(trailer: ","), to: path)
        let error = Self.inputError { _ = try AssetCatalog().keyboard(path) }
        #expect(error?.source == path)
        #expect(error?.message.contains("malformed JSON: line 5") == true)
        #expect(Multicall.run(["keyforge", "analyze", "--keyboard", path, "--layout", "abc"]) == 65)
    }

    @Test("finger 7 names the file and keys[1].finger, and exits 65")
    func fingerSeven() throws {
        let path = "\(Self.folder)/finger7.json"
        try write(Self.keyboardJSON(finger: 7), to: path)
        let error = Self.inputError { _ = try AssetCatalog().keyboard(path) }
        #expect(error?.description.hasPrefix("\(path): keys[1].finger: must be 0 (thumb) ... 4 (pinky) (got 7)") == true)
        #expect(Multicall.run(["keyforge", "validate", "--keyboard", path]) == 65)
    }

    @Test("an unknown rubric name names the file and the name, and exits 65")
    func unknownRubricName() throws {
        let path = "\(Self.folder)/unknown-rubric.json"
        try write(#"{"sfb_base": 300, "sfb_bass": 1}"#, to: path)
        let error = Self.inputError { _ = try AssetCatalog().rubric(path) }
        #expect(error?.description.hasPrefix("\(path): sfb_bass: unknown rubric parameter") == true)
        #expect(Multicall.run(["keyforge", "analyze", "--rubric", path]) == 65)
    }

    @Test("NaN or infinity in a rubric is rejected naming the file, and exits 65", arguments: [
        (#"{"sfb_base": NaN}"#, "malformed JSON"), (#"{"lsb": 1e999}"#, "number out of range"),
        (#"{"lsb": -Infinity}"#, "malformed JSON"), (#"{"effort": [1, 1, 1, 1, "x"]}"#, "effort[4]"),
    ])
    func nonFiniteRubric(text: String, expected: String) throws {
        let path = "\(Self.folder)/rubric-\(expected.count)-\(text.count).json"
        try write(text, to: path)
        let error = Self.inputError { _ = try AssetCatalog().rubric(path) }
        #expect(error?.source == path)
        #expect(error?.message.contains(expected) == true, "\(error?.description ?? "no error")")
        #expect(Multicall.run(["keyforge", "validate", "--rubric", path]) == 65)
    }

    @Test("a layout longer or shorter than the board exits 65 with both counts", arguments: [
        "qwertyuiopasdfghjkl;zxcvbnm,./x", "qwertyuiopasdfghjkl;zxcvbnm,.",
    ])
    func layoutLength(layout: String) {
        #expect(Multicall.run(["keyforge", "analyze", "--keyboard", "corne", "--layout", layout]) == 65)
        let keyboard = try? AssetCatalog().keyboard("corne")
        let error = Self.inputError { _ = try LayoutArgument.resolve(layout, keyboard: keyboard!, keycodes: AssetCatalog().keycodes) }
        #expect(error?.description.contains("corne takes 42 (every key) or 30 (the alpha block)") == true)
    }

    /// A copy of the default corpus bundle in a fresh folder, with `mutate` applied to one segment.
    static func damagedBundle(_ name: String, segment: String, _ mutate: ([UInt8]) -> [UInt8]) throws -> String {
        let bundle = "\(folder)/\(name)/text/en_std"
        try FileSystem.makeDirectories(bundle)
        for file in ["1grams", "2grams", "3grams", "words"].map({ "\($0).mpk.zst" }) {
            guard let bytes = EmbeddedAssets.bytes("corpora/text/en_std/\(file)") else { throw InputError(.missing, source: file, "not embedded") }
            try write(file == segment ? mutate(bytes) : bytes, to: "\(bundle)/\(file)")
        }
        return bundle
    }

    static func damage(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
        switch name {
        case "truncated": return Array(bytes.prefix(bytes.count / 2))
        case "corrupt":
            var copy = bytes
            copy[copy.count / 2] ^= 0x5A
            return copy
        default:
            // A complete zstd frame that lies: magic, descriptor (8-byte content size, single segment,
            // checksum), a declared content size of 10 GiB, one last raw block of one byte, a checksum.
            return [0x28, 0xB5, 0x2F, 0xFD, 0xE4] + withUnsafeBytes(of: UInt64(10 << 30).littleEndian, Array.init)
                + [0x09, 0x00, 0x00, 0x61] + [0x00, 0x00, 0x00, 0x00]
        }
    }

    @Test("a truncated, corrupt or lying .mpk.zst names the segment file, and exits 65", arguments: ["truncated", "corrupt", "ten-gib"])
    func damagedSegment(name: String) throws {
        let bundle = try Self.damagedBundle(name, segment: "3grams.mpk.zst") { Self.damage(name, $0) }
        let error = Self.inputError { _ = try AssetCatalog().corpus(bundle) }
        #expect(error?.kind == .invalid)
        #expect(error?.source == "\(bundle)/3grams.mpk.zst", "\(error?.description ?? "no error")")
        if name == "ten-gib" { #expect(error?.message.contains("10737418240") == true, "\(error?.description ?? "")") }
        #expect(Multicall.run(["keyforge", "analyze", "--corpus", bundle]) == 65)
    }

    @Test("a missing keyboard file exits 66 and an unknown keyboard name lists the known ones")
    func missing() {
        #expect(Multicall.run(["keyforge", "analyze", "--keyboard", "\(Self.folder)/nope.json"]) == 66)
        let error = Self.inputError { _ = try AssetCatalog().keyboard("nope") }
        #expect(error?.kind == .missing && error?.message.contains("ansi, carpalx, corne, cyanophage-ergo, keygen, ortho_30, sweep") == true)
    }
}
