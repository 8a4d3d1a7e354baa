import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// Checks an asset file with the domain model before it may be published (docs/adr/0020-assetmgr-only-writer.md).
public struct AssetValidator: Sendable {
    /// The symbol names keyboards are checked against.
    public let keycodes: KeycodeTable

    /// Creates a validator using `keycodes` (the data folder's own `config/keycodes.json` when it has one).
    public init(keycodes: KeycodeTable) {
        self.keycodes = keycodes
    }

    /// The validator for a data folder: its own `config/keycodes.json` when valid, else the embedded table.
    public static func forDataFolder(_ folder: String) throws(InputError) -> AssetValidator {
        if let bytes = try? FileSystem.readFile("\(folder)/config/keycodes.json", limit: 16 << 20),
           let table = try? KeycodeCodec.decode(bytes, source: "config/keycodes.json") {
            return AssetValidator(keycodes: table)
        }
        return AssetValidator(keycodes: try AssetCatalog(folders: []).keycodes)
    }

    /// Validates `bytes` as the asset at `path`; the error names the path and the field.
    public func validate(path: String, bytes: [UInt8]) throws(InputError) {
        guard let kind = AssetKind(path: path) else {
            throw InputError(.invalid, source: path, "not an asset path (keyboards/, rubrics/, config/keycodes.json, corpora/<kind>/<id>/)")
        }
        switch kind {
        case .keyboard: _ = try KeyboardCodec.decode(bytes, source: path, keycodes: keycodes)
        case .rubric: _ = try RubricCodec.decode(bytes, source: path)
        case .keycodes: _ = try KeycodeCodec.decode(bytes, source: path)
        case .corpusSegment(let segment):
            do { _ = try CorpusSegmentCodec.decode(bytes, kind: segment) } catch {
                throw InputError(.invalid, source: path, error.message)
            }
        case .corpusManifest:
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(path, error) }
            let folderID = path.split(separator: "/").dropFirst().prefix(2).joined(separator: "/")
            guard let id = value.objectValue?["id"]?.stringValue else {
                throw InputError(.invalid, source: path, "id: missing (a corpus manifest names its corpus)")
            }
            guard id == folderID else { throw InputError(.invalid, source: path, "id: '\(id)' does not match its folder '\(folderID)'") }
        }
    }
}
