import Testing
@testable import KeyForgeCore
import KeyForgeServices
@testable import KeyForge

/// `unplaced_cost` (docs/PHYSICS.md section 2, `Rubric.defaultUnplacedCost`): with the default rubric,
/// leaving a symbol off never pays and no degenerate layout beats a complete one, on every shipped
/// board and embedded corpus. Every score here is the exact tier's.
@Suite("Unplaced symbols are priced")
struct UnplacedCostTests {
    static let cases: [(String, String)] = GoldenTests.boards.flatMap { board in
        ["text/en_std", "text/de_std", "text/en_tech_std", "code/python"].map { (board, $0) }
    }

    static func scorer(_ board: String, _ corpus: String) throws -> (ExactScorer, Keyboard, AssetCatalog) {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard(board)
        return (try ExactScorer(keyboard: keyboard, rubric: Rubric(), corpus: try catalog.corpus(corpus)), keyboard, catalog)
    }

    /// A symbol is left off when its only key is emptied; symbols the corpus never types (ESC) and
    /// second copies (the other space key) are not, so they are skipped.
    @Test("leaving any symbol of any reference layout off scores worse than keeping it", arguments: cases)
    func emptyingAKeyNeverPays(board: String, corpus: String) throws {
        let (scorer, keyboard, catalog) = try Self.scorer(board, corpus)
        let typed = Set(scorer.corpus.corpus.unigrams.filter { $0.count > 0 }.map { scorer.corpus.corpus.symbols[Int($0.a)] })
        for reference in keyboard.referenceLayouts {
            let (_, layout) = try LayoutArgument.resolve(reference.name, keyboard: keyboard, keycodes: catalog.keycodes)
            let complete = scorer.score(layout).total
            for key in layout.symbols.indices {
                guard let symbol = layout.symbols[key], typed.contains(symbol), layout.symbols.filter({ $0 == symbol }).count == 1 else { continue }
                var emptied = layout.symbols
                emptied[key] = nil
                let score = scorer.score(Layout(symbols: emptied)).total
                #expect(score > complete, "\(board) \(corpus) \(reference.name): emptying key \(key) (\(layout.symbols[key] ?? "")) scores \(score) <= \(complete)")
            }
        }
    }

    @Test("thirty copies of one letter, and qqerty, score worse than qwerty", arguments: cases)
    func degenerateLayoutsLose(board: String, corpus: String) throws {
        let (scorer, keyboard, catalog) = try Self.scorer(board, corpus)
        let name = keyboard.referenceLayout(named: "qwerty") != nil ? "qwerty" : keyboard.referenceLayouts[0].name
        let (_, layout) = try LayoutArgument.resolve(name, keyboard: keyboard, keycodes: catalog.keycodes)
        let complete = scorer.score(layout).total
        let alpha = keyboard.alphaKeys
        for letter in "etaoinsrhq".map(String.init) {
            var copies = layout.symbols
            for key in alpha { copies[key] = letter }
            #expect(scorer.score(Layout(symbols: copies)).total > complete, "\(board) \(corpus): thirty \(letter) beat \(name)")
        }
        // qqerty: the second alpha key takes the first key's symbol (w becomes q on qwerty).
        var doubled = layout.symbols
        doubled[alpha[1]] = doubled[alpha[0]]
        #expect(scorer.score(Layout(symbols: doubled)).total > complete, "\(board) \(corpus): \(Layout(symbols: doubled).tokenString) beats \(name)")
    }

    /// The floor of the doc comment of `Rubric.defaultUnplacedCost`: a symbol on no key is at best typed
    /// with a layer key or a chord, two presses, so one of its keystrokes costs more than the dearest key
    /// plus the dearest bigram of the board.
    @Test("the default unplaced_cost exceeds the dearest key plus the dearest bigram on every shipped board", arguments: GoldenTests.boards)
    func floorHolds(board: String) throws {
        let catalog = try AssetCatalog()
        let model = try CostModel(keyboard: try catalog.keyboard(board), rubric: Rubric())
        let maxKey = model.keyCost.max() ?? 0, maxPair = model.pairCost.max() ?? 0
        #expect(maxKey + maxPair < model.unplacedCost, "\(board): K \(maxKey) + B \(maxPair)")
    }
}
