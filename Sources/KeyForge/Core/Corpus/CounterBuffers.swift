/// The fixed-size buffers of a `CorpusCounter`, freed with it: the hot loop writes them without
/// copy-on-write checks.
final class CounterBuffers {
    /// Bigram counts of the first `CorpusCounter.denseSymbols` symbols, row-major.
    let denseBigrams: UnsafeMutablePointer<Int64>
    /// Trigram counts of the first `CorpusCounter.cubeSymbols` symbols, indexed by the three ids' 5 bits each.
    let cube: UnsafeMutablePointer<Int64>
    /// The bytes of the word being read (at most `maxWordBytes` plus one symbol).
    let word: UnsafeMutablePointer<UInt8>
    /// Monogram counts by symbol id (`unigramCapacity` of them).
    private(set) var unigrams: UnsafeMutablePointer<Int64>
    private var unigramCapacity = 256

    init() {
        unigrams = .allocate(capacity: unigramCapacity)
        unigrams.initialize(repeating: 0, count: unigramCapacity)
        let cells = CorpusCounter.denseSymbols * CorpusCounter.denseSymbols
        denseBigrams = .allocate(capacity: cells)
        denseBigrams.initialize(repeating: 0, count: cells)
        let cubeCells = Int(CorpusCounter.cubeSymbols * CorpusCounter.cubeSymbols * CorpusCounter.cubeSymbols)
        cube = .allocate(capacity: cubeCells)
        cube.initialize(repeating: 0, count: cubeCells)
        word = .allocate(capacity: CorpusCounter.wordBufferBytes)
        word.initialize(repeating: 0, count: CorpusCounter.wordBufferBytes)
    }

    /// Makes room for `count` symbol ids.
    func reserveUnigrams(_ count: Int) {
        guard count > unigramCapacity else { return }
        var capacity = unigramCapacity
        while capacity < count { capacity *= 2 }
        let grown = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
        grown.initialize(repeating: 0, count: capacity)
        grown.update(from: unigrams, count: unigramCapacity)
        unigrams.deallocate()
        unigrams = grown
        unigramCapacity = capacity
    }

    deinit {
        denseBigrams.deallocate()
        cube.deallocate()
        word.deallocate()
        unigrams.deallocate()
    }
}
