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
            abstract: "Make a KeyForge keyboard JSON from a keyboard-layout-editor (KLE) raw JSON file or a QMK info.json.",
            discussion: """
            Positions, sizes and rotation (r, rx, ry) come from the file. Fingers follow the standard touch-typing \
            convention (README "Pictures, imports, comparisons"; TouchTypingRule.swift): the home-row legends \
            (QWERTY, QWERTZ, AZERTY, Dvorak, Colemak) place the alpha block and its ten columns, which lean with \
            the stagger so the number and bottom rows follow them; function rows, navigation clusters and numpads \
            are outside the typing area; the space bar and thumb clusters go to the thumbs. Without such legends \
            the geometry decides and the import prints what it guessed. --home-row and --split switch to the \
            geometric rule; --fingers replaces it key by key. --qmk reads one LAYOUT macro (--layout) and records \
            it, so export --format qmk uses it.
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

        @Option(help: "One token per key in the written board's order (row by row, as printed): LP LR LM LI LT RT RI RM RR RP, with * for a home key or + for a stretch key, or - to keep the rule's choice.")
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
            let catalog = try AssetCatalog()
            var request = BoardImport.Request(format: qmk != nil ? .qmk : .kle, source: input, name: name)
            request.layoutMacro = layout
            request.qmkKeyboard = qmkKeyboard
            request.options = FingerRule.Options(homeRow: homeRow, splitX: split)
            request.fingers = fingers
            let result = try BoardImport.run(bytes, request, keycodes: catalog.keycodes)
            for guess in result.readerGuesses { print("guessed: \(guess)") }
            let outcome = result.outcome
            let text = result.text
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
