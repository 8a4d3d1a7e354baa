import KeyForgeSystem
import KeyForgeCore

/// The corpus cache of docs/ARCHITECTURE.md section 6: loaded corpora kept in memory, keyed by the content hash
/// of their segment files (and their id, which decides synthetic injection), at most `capacity` of
/// them, the least recently used dropped first. Safe under concurrent callers (one lock; a miss
/// decodes outside it, so two callers may both decode the same corpus once; the result is the same).
public final class CorpusCache: Sendable {
    private struct Entry {
        var corpus: NGramCorpus
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    /// The most corpora kept.
    public let capacity: Int
    private let state = Locked(State())

    /// An empty cache of at most `capacity` corpora.
    public init(capacity: Int = 8) { self.capacity = max(1, capacity) }

    /// The process-wide cache the asset catalog uses.
    public static let shared = CorpusCache()

    /// The cached corpus with this content hash and id, if any.
    public func corpus(hash: String, id: String) -> NGramCorpus? {
        state.withLock { state in
            let key = "\(hash) \(id)"
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.corpus
        }
    }

    /// Keeps `corpus` under `hash`, dropping the least recently used entry when full.
    public func insert(_ corpus: NGramCorpus, hash: String) {
        state.withLock { state in
            state.clock += 1
            state.entries["\(hash) \(corpus.id)"] = Entry(corpus: corpus, lastUse: state.clock)
            while state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
        }
    }

    /// How many corpora are cached.
    public var count: Int { state.withLock { $0.entries.count } }
}
