import Testing
@testable import KeyForgeWire

@Suite("SHA-256")
struct SHA256Tests {
    @Test("the FIPS 180-4 test vectors hash to their published digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(text: String, digest: String) {
        #expect(SHA256.hex(Array(text.utf8)) == digest)
    }

    @Test("a million a's, fed in uneven pieces, hash to the published digest")
    func million() {
        var hash = SHA256()
        var fed = 0
        var piece = 1
        while fed < 1_000_000 {
            let count = min(piece, 1_000_000 - fed)
            hash.update(repeatElement(UInt8(ascii: "a"), count: count))
            fed += count
            piece = piece % 997 + 63
        }
        #expect(hash.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("lengths around the 55/56/64-byte padding boundaries match a byte-at-a-time feed")
    func boundaries() {
        for length in [55, 56, 57, 63, 64, 65, 119, 120] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            var dripped = SHA256()
            for byte in bytes { dripped.update([byte]) }
            #expect(dripped.finalizeHex() == SHA256.hex(bytes))
        }
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
