import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// The playground's loaded assets: a board, a corpus (or weighted mix) and a rubric, with the exact and
/// optimized scorers built once and kept for the next request (building a scorer takes far longer than
/// answering a swap). Names are identifiers only: a request never makes the server read a path.
package final class PlayAssets: @unchecked Sendable {
    /// One loaded combination.
    package final class Entry: @unchecked Sendable {
        package let loaded: LoadedAssets
        package let optimized: OptimizedScorer
        init(loaded: LoadedAssets) {
            self.loaded = loaded
            optimized = OptimizedScorer(exact: loaded.scorer)
        }
    }

    /// How many combinations stay loaded (least recently used dropped first).
    package static let capacity = 6

    package let catalog: AssetCatalog
    private let entries = Locked<[(key: String, entry: Entry)]>([])
    /// Boards imported from files dropped on the page, oldest first (`PlayUploads`).
    package let uploads = PlayUploads()

    /// A cache over `catalog`, restricted to identifiers.
    package init(catalog: AssetCatalog) {
        self.catalog = catalog.restrictedToIdentifiers()
    }

    /// The assets a request names: loaded once, then served from the cache.
    package func entry(_ names: PlayRequest.Assets) throws(InputError) -> Entry {
        let key = names.cacheKey
        if let found = entries.withLock({ list -> Entry? in
            guard let index = list.firstIndex(where: { $0.key == key }) else { return nil }
            let item = list.remove(at: index)
            list.append(item)
            return item.entry
        }) { return found }
        let keyboard = try self.keyboard(names.keyboard)
        let rubric: Rubric
        switch names.rubric {
        case .named(let name): rubric = try catalog.rubric(name)
        case .weights(let object): rubric = try RubricCodec.decode(Array(JSONWriter.write(.object(object)).utf8), source: "rubric")
        }
        let corpus = try catalog.loadCorpus(names.corpus)
        let scorer: ExactScorer
        do { scorer = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus.corpus) } catch {
            throw InputError.invalid("rubric", error)
        }
        let loaded = LoadedAssets(catalog: catalog, keyboard: keyboard, rubric: rubric, corpus: corpus.corpus,
                                  corpusHash: corpus.contentHash, profileWords: corpus.weightedWords, rubricName: names.rubricName, scorer: scorer)
        let entry = Entry(loaded: loaded)
        entries.withLock { list in
            list.removeAll { $0.key == key }
            list.append((key, entry))
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
        return entry
    }

    /// Just the board (drawing and export need no corpus): an uploaded board by its id, else the catalog's.
    package func keyboard(_ name: String) throws(InputError) -> Keyboard {
        if PlayUploads.isUploadID(name) { return try uploads.keyboard(name) }
        return try catalog.keyboard(name)
    }

    /// Imports a dropped file as `keyboard import` does and keeps the board; a board dropped from the
    /// bound takes its loaded combinations with it.
    package func importBoard(_ bytes: [UInt8], format: BoardImport.Format?, fileName: String,
                             layoutMacro: String?) throws(InputError) -> PlayUploads.Upload {
        let (upload, dropped) = try uploads.add(bytes, format: format, fileName: fileName, layoutMacro: layoutMacro, keycodes: catalog.keycodes)
        if let dropped {
            entries.withLock { list in list.removeAll { $0.key.hasPrefix(dropped + "\u{0}") } }
        }
        return upload
    }
}
