import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// A corpus through the load pipeline, with what names it: its id and content hash.
public struct LoadedCorpus: Sendable {
    /// The corpus.
    public var corpus: NGramCorpus
    /// SHA-256 of its segment files (for a mix: of its sources' hashes and weights).
    public var contentHash: String
    /// What the corpus does with capitals, from its manifest's `options.case`: `fold`, `shift` (shift
    /// simulation, docs/PHYSICS.md section 1), `kept` (a bundle built before shift simulation: its capitals
    /// are symbols of their own), `mixed` (a mix of sources that differ), or nil when unknown (no manifest).
    public var caseHandling: String? = nil
    /// A word-frequency list's words with their weights exactly as read (lower-cased, duplicates summed), when
    /// the corpus is one: the `words` segment holds them scaled to integers, these keep the fractions, so a
    /// profile walking words reports the real-number values (docs/PROFILES.md section 4). Nil otherwise.
    public var wordWeights: [(word: String, weight: Double)]? = nil

    /// The words a profile walks, with their weights: the exact ones of a word list, else the `words` counts.
    public var weightedWords: [(word: String, weight: Double)] {
        wordWeights ?? corpus.words.map { ($0.word, Double($0.count)) }
    }
}

/// Finds keyboards, rubrics, keycodes and corpora (docs/ARCHITECTURE.md section 6): an explicit
/// file or folder path first; else by name in the user's workspace, then the system folder
/// (`KEYFORGE_SYSTEM_DIR`, else the assets `keyforge sync` mirrored into the workspace's `system/`),
/// then the defaults embedded in the binary. A catalog made `identifiersOnly` (the hive's and the agents')
/// never takes a reference as a path: it resolves names and `kind/name` corpus ids only, and refuses
/// anything else before touching a file.
public struct AssetCatalog: Sendable {
    /// The keycode table every keyboard and layout is read with.
    public let keycodes: KeycodeTable
    /// The folders searched before the embedded defaults, in order.
    public let folders: [String]
    /// True when references are identifiers only, never paths (jobs on the hive and the agents).
    public private(set) var identifiersOnly: Bool

    /// Loads the embedded keycode table; `folders` defaults to the workspace and the system folder.
    public init(folders: [String]? = nil, identifiersOnly: Bool = false) throws(InputError) {
        self.identifiersOnly = identifiersOnly
        guard let bytes = EmbeddedAssets.bytes("config/keycodes.json") else {
            throw InputError(.missing, source: "embedded:config/keycodes.json", "not embedded in this binary")
        }
        keycodes = try KeycodeCodec.decode(bytes, source: "embedded:config/keycodes.json")
        // The user's workspace, then the system folder: $KEYFORGE_SYSTEM_DIR, else what `keyforge sync`
        // mirrored from the assets server into <workspace>/system; the embedded defaults come last.
        let root = Workspace.resolveRoot()
        self.folders = folders ?? [root, Environment.value("KEYFORGE_SYSTEM_DIR"), root.map { "\($0)/\(Workspace.systemFolder)" }]
            .compactMap { $0 }
    }

    /// The same catalog resolving identifiers only (what the hive and the agents use for jobs).
    public func restrictedToIdentifiers() -> AssetCatalog {
        var copy = self
        copy.identifiersOnly = true
        return copy
    }

    /// The first folder holding `relative`, as a full path.
    func located(_ relative: String) -> String? {
        for folder in folders where FileSystem.exists("\(folder)/\(relative)") { return "\(folder)/\(relative)" }
        return nil
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

    /// Every corpus the catalog can load, with where it lives: the workspace's and system folder's bundles
    /// (`kind/name` and the folder's path), then the embedded ones (`embedded`).
    public func corpusLocations() -> [(id: String, location: String)] {
        var found: [(id: String, location: String)] = []
        for folder in folders {
            let root = "\(folder)/corpora"
            guard FileSystem.isDirectory(root) else { continue }
            for kind in (try? FileSystem.listDirectory(root)) ?? [] where FileSystem.isDirectory("\(root)/\(kind)") {
                for name in (try? FileSystem.listDirectory("\(root)/\(kind)")) ?? [] where FileSystem.isDirectory("\(root)/\(kind)/\(name)") {
                    found.append((id: "\(kind)/\(name)", location: "\(root)/\(kind)/\(name)"))
                }
            }
        }
        return found + corpusIDs.map { (id: $0, location: "embedded") }
    }

    /// A corpus by id, by path to a bundle folder, or a weighted mix `a:0.7,b:0.3`, through the load pipeline.
    public func corpus(_ reference: String) throws(InputError) -> NGramCorpus {
        try loadCorpus(reference).corpus
    }

    /// Like `corpus(_:)`, with the content hash that names the corpus in results.
    /// A corpus that counts no keystroke (a bundle built from an empty text, a list of no words) is an error:
    /// every figure is per keystroke.
    public func loadCorpus(_ reference: String) throws(InputError) -> LoadedCorpus {
        let loaded = try loadCorpusParts(reference)
        if loaded.corpus.unigrams.isEmpty {
            throw InputError(.invalid, source: reference, "the corpus is empty: it counts no keystrokes (build it from a text with at least one character)")
        }
        return loaded
    }

    private func loadCorpusParts(_ reference: String) throws(InputError) -> LoadedCorpus {
        let parts = try CorpusReference.parse(reference)
        if parts.count == 1 && parts[0].weight == nil { return try loadSingle(parts[0].id) }
        var sources: [(corpus: NGramCorpus, weight: Double)] = []
        var hash = SHA256()
        var cases: [String?] = []
        for part in parts {
            let loaded = try loadSingle(part.id)
            sources.append((loaded.corpus, part.weight ?? 1))
            cases.append(loaded.caseHandling)
            hash.update(Array("\(loaded.contentHash):\(part.weight ?? 1);".utf8))
        }
        do {
            let caseHandling = Set(cases).count == 1 ? cases[0] : "mixed"
            return LoadedCorpus(corpus: try CorpusMix.mix(sources), contentHash: hash.finalizeHex(), caseHandling: caseHandling)
        } catch {
            throw .invalid(reference, error)
        }
    }

    private func loadSingle(_ reference: String) throws(InputError) -> LoadedCorpus {
        if identifiersOnly {
            guard HiveAssetIdentifier.isCorpusID(reference) else { throw InputError(.invalid, source: "corpus", HiveAssetIdentifier.corpusIDRule) }
            return try loadByID(reference)
        }
        if FileSystem.isDirectory(reference) { return try CorpusBundle.load(folder: reference, cache: .shared) }
        if FileSystem.exists(reference) {
            try CorpusFileCheck.check(reference)
            return try Self.loadWordList(reference)
        }
        return try loadByID(reference)
    }

    /// A corpus by id: a bundle folder of the workspace or the system folder, else the embedded one.
    private func loadByID(_ reference: String) throws(InputError) -> LoadedCorpus {
        // An empty bundle folder (left by an older sync that removed its files) is no bundle: the search
        // falls through to the next folder and the embedded defaults rather than failing on it.
        if let folder = folders.map({ "\($0)/corpora/\(reference)" }).first(where: Self.isNonEmptyFolder) {
            return try CorpusBundle.load(folder: folder, id: reference, cache: .shared)
        }
        if corpusIDs.contains(reference) {
            return try CorpusBundle.load(id: reference, cache: .shared) { segment in EmbeddedAssets.bytes("corpora/\(reference)/\(segment)") }
        }
        throw InputError(.missing, source: reference, "no such corpus folder, or corpus id (known: \(corpusIDs.joined(separator: ", ")))")
    }

    /// True for a folder holding at least one entry.
    static func isNonEmptyFolder(_ path: String) -> Bool {
        FileSystem.isDirectory(path) && !((try? FileSystem.listDirectory(path))?.isEmpty ?? true)
    }

    private func read(_ reference: String, folder: String, what: String, known: [String]) throws(InputError) -> ([UInt8], String) {
        if identifiersOnly {
            guard HiveAssetIdentifier.isName(reference) else { throw InputError(.invalid, source: what, HiveAssetIdentifier.nameRule) }
        } else if AssetCatalog.isPath(reference) {
            do { return (try FileSystem.readFile(reference, limit: AssetLimits.maxJSONFileBytes), reference) } catch { throw .system(error) }
        }
        if let path = located("\(folder)/\(reference).json") {
            do { return (try FileSystem.readFile(path, limit: AssetLimits.maxJSONFileBytes), path) } catch { throw .system(error) }
        }
        guard let bytes = EmbeddedAssets.bytes("\(folder)/\(reference).json") else {
            throw InputError(.missing, source: reference, "no such \(what) (known: \(known.joined(separator: ", "))\(identifiersOnly ? "" : "; or give a path to a .json file"))")
        }
        return (bytes, "\(folder)/\(reference).json")
    }

    /// A word-frequency list file (`{"word": weight}` JSON or `word<TAB>weight` lines) as a corpus with
    /// the id `words/<file name>`; its content hash is the file's SHA-256.
    public static func loadWordList(_ path: String) throws(InputError) -> LoadedCorpus {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: WordListCodec.maxBytes) } catch { throw .system(error) }
        let list = try WordListCodec.decode(bytes, source: path)
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        let id = "words/" + String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        do {
            return LoadedCorpus(corpus: try NGramCorpus(id: id, records: list.records()), contentHash: SHA256.hex(bytes),
                                caseHandling: CaseHandling.fold.rawValue, wordWeights: list.entries)
        } catch {
            throw .invalid(path, error)
        }
    }
}
