import KeyForgeCore
import KeyForgeSystem

/// Finds keyboards, rubrics, keycodes and corpora: an explicit file or folder path first, then the
/// embedded defaults. (The user folder and the download step come with the corpus and asset-plane issues.)
public struct AssetCatalog: Sendable {
    /// The keycode table every keyboard and layout is read with.
    public let keycodes: KeycodeTable

    /// Loads the embedded keycode table.
    public init() throws(InputError) {
        guard let bytes = EmbeddedAssets.bytes("config/keycodes.json") else {
            throw InputError(.missing, source: "embedded:config/keycodes.json", "not embedded in this binary")
        }
        keycodes = try KeycodeCodec.decode(bytes, source: "embedded:config/keycodes.json")
    }

    /// True when `reference` should be read as a path rather than a name.
    static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".json") || reference.hasPrefix(".")
    }

    /// The names of the embedded keyboards.
    public var keyboardNames: [String] {
        EmbeddedAssets.names(under: "keyboards").filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
    }

    /// A keyboard by name (embedded) or by path to a JSON file.
    public func keyboard(_ reference: String) throws(InputError) -> Keyboard {
        let (bytes, source) = try read(reference, folder: "keyboards", what: "keyboard", known: keyboardNames)
        return try KeyboardCodec.decode(bytes, source: source, keycodes: keycodes)
    }

    /// A rubric by name (embedded; `default`) or by path to a JSON file.
    public func rubric(_ reference: String) throws(InputError) -> Rubric {
        let known = EmbeddedAssets.names(under: "rubrics").map { String($0.dropLast(5)) }
        let (bytes, source) = try read(reference, folder: "rubrics", what: "rubric", known: known)
        return try RubricCodec.decode(bytes, source: source)
    }

    /// The ids of the embedded corpora (`text/en_std`, ...).
    public var corpusIDs: [String] {
        EmbeddedAssets.names(under: "corpora").flatMap { kind in
            EmbeddedAssets.names(under: "corpora/\(kind)").map { "\(kind)/\($0)" }
        }
    }

    /// A corpus by id (embedded) or by path to a bundle folder, through the load pipeline.
    public func corpus(_ reference: String) throws(InputError) -> NGramCorpus {
        if FileSystem.isDirectory(reference) {
            return try CorpusBundle.load(folder: reference)
        }
        if corpusIDs.contains(reference) {
            return try CorpusBundle.load(id: reference) { segment in EmbeddedAssets.bytes("corpora/\(reference)/\(segment)") }
        }
        throw InputError(.missing, source: reference,
                         "no such corpus folder or embedded corpus (embedded: \(corpusIDs.joined(separator: ", ")))")
    }

    private func read(_ reference: String, folder: String, what: String, known: [String]) throws(InputError) -> ([UInt8], String) {
        if AssetCatalog.isPath(reference) {
            do { return (try FileSystem.readFile(reference, limit: 16 << 20), reference) } catch { throw .system(error) }
        }
        guard let bytes = EmbeddedAssets.bytes("\(folder)/\(reference).json") else {
            throw InputError(.missing, source: reference, "no such \(what) (known: \(known.joined(separator: ", ")); or give a path to a .json file)")
        }
        return (bytes, "\(folder)/\(reference).json")
    }
}
