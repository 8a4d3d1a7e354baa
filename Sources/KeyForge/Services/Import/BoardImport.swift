import KeyForgeCore
import KeyForgeWire

/// `keyboard import` as a service: a KLE file or a QMK info.json / keyboard.json in, the keyboard the
/// finger rule makes of it out, with every guess the import made. The command line and the playground's
/// `POST /api/boards/import` both run this, so a file gives the same board (and the same errors) either way.
public enum BoardImport {
    /// Which reader takes the file.
    public enum Format: String, Sendable, CaseIterable {
        case kle
        case qmk

        /// The reader for `bytes` when none is named: a file that parses as one JSON object is QMK's
        /// info.json; anything else (a KLE download is an array, KLE's raw-data text is not JSON) is KLE.
        public static func detect(_ bytes: [UInt8]) -> Format {
            if let value = try? JSONParser.parse(bytes), value.objectValue != nil { return .qmk }
            return .kle
        }
    }

    /// What the import was asked.
    public struct Request {
        public var format: Format
        /// What the file is called in errors and in the board's description (a path on the command line).
        public var source: String
        /// The board's name.
        public var name: String
        /// With QMK: the layout macro (default: `LAYOUT`, else the file's first).
        public var layoutMacro: String?
        /// With QMK: QMK's keyboard folder for export (default: from `source`'s path after keyboards/, else `name`).
        public var qmkKeyboard: String?
        public var options = FingerRule.Options(homeRow: nil, splitX: nil)
        /// `--fingers`: one token per key.
        public var fingers: String?

        public init(format: Format, source: String, name: String) {
            self.format = format
            self.source = source
            self.name = name
        }
    }

    /// The board made, and what the import guessed.
    public struct Result: Sendable {
        /// The rule's outcome; its keyboard is validated and reads back through `KeyboardCodec`.
        public var outcome: KLEImport.Outcome
        /// The keyboard JSON, as `keyboard import` writes it.
        public var text: String
        /// The QMK reader's guesses (which macro, which keyboard folder), printed before the summary.
        public var readerGuesses: [String]
        /// Every guess, the reader's then the rule's: the `guessed:` lines, without the prefix.
        public var guesses: [String] { readerGuesses + outcome.rule.guesses }
        public var keyboard: Keyboard { outcome.keyboard }
    }

    /// Imports `bytes`; a file the readers or the rule refuse is an `InputError` naming `request.source`.
    public static func run(_ bytes: [UInt8], _ request: Request, keycodes: KeycodeTable) throws(InputError) -> Result {
        let board: KLECodec.Board
        var macro: String?
        var readerGuesses: [String] = []
        switch request.format {
        case .qmk:
            let read = try QMKImport.decode(bytes, source: request.source, layout: request.layoutMacro)
            board = read.board
            macro = read.layoutMacro
            if request.layoutMacro == nil && read.available.count > 1 {
                readerGuesses.append("read \(read.layoutMacro) of \(read.available.joined(separator: ", ")) (choose with --layout)")
            }
        case .kle:
            board = try KLECodec.decode(bytes, source: request.source)
        }
        var outcome: KLEImport.Outcome
        do {
            let fileName = String(request.source.split(separator: "/").last ?? Substring(request.source))
            outcome = try KLEImport.keyboard(from: board, name: request.name, source: fileName, options: request.options,
                                             fingers: request.fingers, keycodes: keycodes)
            if let macro {
                let fromPath = QMKImport.keyboardFolder(fromPath: request.source)
                let target = request.qmkKeyboard ?? fromPath ?? request.name
                if request.qmkKeyboard == nil && fromPath == nil {
                    readerGuesses.append("QMK keyboard folder '\(target)' (the file is not under keyboards/; give --qmk-keyboard)")
                }
                outcome.keyboard = QMKImport.attachingExport(outcome.keyboard, board: board, order: outcome.order, target: target, layoutMacro: macro)
                try outcome.keyboard.validate()
            }
        } catch {
            throw InputError.invalid(request.source, error)
        }
        let text = KeyboardCodec.encode(outcome.keyboard)
        // Read back through the codec that `--keyboard FILE` uses, so what is written always loads.
        _ = try KeyboardCodec.decode(Array(text.utf8), source: "the board imported from \(request.source)", keycodes: keycodes)
        return Result(outcome: outcome, text: text, readerGuesses: readerGuesses)
    }
}
