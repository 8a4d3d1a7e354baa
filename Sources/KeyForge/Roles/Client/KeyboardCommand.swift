import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// `keyforge keyboard`: work on keyboard geometries.
struct KeyboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyboard",
        abstract: "Keyboard geometries: import one from keyboard-layout-editor.",
        subcommands: [Import.self]
    )

    /// `keyforge keyboard import --kle FILE --name NAME --out FILE`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Make a KeyForge keyboard JSON from a keyboard-layout-editor (KLE) raw JSON file.",
            discussion: """
            Positions, sizes and rotation (r, rx, ry) come from KLE; the logical rows are KLE's rows. Fingers \
            follow a rule (README "Pictures, imports, comparisons"; FingerRule.swift): the main rows have at \
            least 2/3 as many keys as the fullest row (and not all keys rotated); the middle main row is the home \
            row; rows below it that are not main rows hold thumbs; the hands split at the widest gap (>= 1.5u) in the home row, else \
            at its middle; each hand's home-row keys from the split outwards are index (stretch, when there \
            are five or more), index, middle, ring, pinky, then pinky again; every other key takes the finger \
            of the nearest home-row key of its hand, ties to the outer one. --home-row and --split steer the \
            rule; --fingers replaces it key by key. Legends become the base layout (letters and ; , . / are \
            the alpha block) and a reference layout (qwerty when the legends are qwerty's 30).
            """
        )

        @Option(help: ArgumentHelp("The KLE raw JSON file (the site's download, or its raw-data text).", valueName: "file"))
        var kle: String?

        @Option(help: ArgumentHelp("A QMK info.json or keyboard.json (its `layouts`) instead of --kle.", valueName: "file"))
        var qmk: String?

        @Option(help: ArgumentHelp("With --qmk: the LAYOUT macro to read (default: LAYOUT, else the file's first).", valueName: "LAYOUT_name"))
        var layout: String?

        @Option(help: ArgumentHelp("With --qmk: QMK's keyboard folder for export (default: from the path after keyboards/).", valueName: "folder"))
        var qmkKeyboard: String?

        @Option(help: "The keyboard's name (letters, digits, - and _).")
        var name: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the keyboard JSON.", valueName: "file"))
        var out: String

        @Option(help: "The home row, counted from 0 over KLE's rows that hold keys (default: by the rule).")
        var homeRow: Int?

        @Option(help: "The x, in key units, that divides the hands (default: by the rule).")
        var split: Double?

        @Option(help: "One token per key in KLE order: LP LR LM LI LT RT RI RM RR RP, with * for a home key or + for a stretch key, or - to keep the rule's choice.")
        var fingers: String?

        func validate() throws {
            let isNameShaped = !name.isEmpty && name.count <= 64
                && name.unicodeScalars.allSatisfy { ($0.value >= 97 && $0.value <= 122) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 48 && $0.value <= 57) || $0 == "-" || $0 == "_" }
            if !isNameShaped { throw ArgumentParser.ValidationError("--name must be 1 ... 64 letters, digits, - or _ (got '\(name)')") }
            if let homeRow, !(0...64).contains(homeRow) { throw ArgumentParser.ValidationError("--home-row must be 0 ... 64") }
            if (kle == nil) == (qmk == nil) { throw ArgumentParser.ValidationError("give one of --kle FILE or --qmk FILE") }
            if qmk == nil && (layout != nil || qmkKeyboard != nil) { throw ArgumentParser.ValidationError("--layout and --qmk-keyboard go with --qmk") }
            if let split, !(split.isFinite && abs(split) <= Keyboard.maxCoordinate) { throw ArgumentParser.ValidationError("--split must be a number of key units") }
        }

        func run() throws {
            let input = kle ?? qmk ?? ""
            let bytes: [UInt8]
            do { bytes = try FileSystem.readFile(input) } catch { throw InputError.system(error) }
            let board: KLECodec.Board
            var macro: String?
            if qmk != nil {
                let read = try QMKImport.decode(bytes, source: input, layout: layout)
                board = read.board
                macro = read.layoutMacro
                if layout == nil && read.available.count > 1 {
                    print("guessed: read \(read.layoutMacro) of \(read.available.joined(separator: ", ")) (choose with --layout)")
                }
            } else {
                board = try KLECodec.decode(bytes, source: input)
            }
            let catalog = try AssetCatalog()
            var outcome: KLEImport.Outcome
            do {
                outcome = try KLEImport.keyboard(from: board, name: name, source: String(input.split(separator: "/").last ?? Substring(input)),
                                                 options: FingerRule.Options(homeRow: homeRow, splitX: split),
                                                 fingers: fingers, keycodes: catalog.keycodes)
                if let macro {
                    let target = qmkKeyboard ?? QMKImport.keyboardFolder(fromPath: input) ?? name
                    if qmkKeyboard == nil && QMKImport.keyboardFolder(fromPath: input) == nil {
                        print("guessed: QMK keyboard folder '\(target)' (the file is not under keyboards/; give --qmk-keyboard)")
                    }
                    outcome.keyboard = QMKImport.attachingExport(outcome.keyboard, board: board, order: outcome.order, target: target, layoutMacro: macro)
                    try outcome.keyboard.validate()
                }
            } catch {
                throw InputError.invalid(input, error)
            }
            let text = KeyboardCodec.encode(outcome.keyboard)
            // Read back through the codec that `--keyboard FILE` uses, so what is written always loads.
            // An error names the input, never the output file, which is not written then.
            _ = try KeyboardCodec.decode(Array(text.utf8), source: "the board imported from \(input)", keycodes: catalog.keycodes)
            do { try FileSystem.writeFileAtomically(out, Array(text.utf8)) } catch { throw InputError.system(error) }
            let keyboard = outcome.keyboard
            let thumbs = outcome.thumbRows.map(String.init).joined(separator: ", ")
            print("wrote \(out): \(keyboard.keys.count) keys, \(keyboard.alphaKeys.count) in the alpha block, home row \(outcome.rule.homeRow), "
                  + "hands split at x = \(ReportText.fixed(outcome.rule.splitX, digits: 3)), thumb rows: \(thumbs.isEmpty ? "none" : thumbs)"
                  + ", \(outcome.outsideCount) outside the typing area"
                  + (outcome.rule.scheme.map { ", columns from the \($0) legends" } ?? "")
                  + (fingers == nil ? "" : ", fingers from --fingers"))
            for guess in outcome.rule.guesses { print("guessed: \(guess)") }
            print(Import.fingerMap(keyboard))
        }

        /// The fingers row by row in key order (`LI*` home, `LI+` stretch): the `--fingers` syntax, to copy and edit.
        static func fingerMap(_ keyboard: Keyboard) -> String {
            var lines: [String] = []
            for row in Set(keyboard.keys.map(\.row)).sorted() {
                let tokens = keyboard.keys.filter { $0.row == row }.map { key in
                    Key.fingerSlotNames[key.fingerSlot] + (key.isHome ? "*" : key.isStretch ? "+" : "")
                }
                lines.append("  row \(row): " + tokens.joined(separator: " "))
            }
            return lines.joined(separator: "\n")
        }
    }
}
