import KeyForgeCore

/// Resolves a layout argument (`--layout`, a job's start layout): the board's reference name first, then a name
/// of the layout library (`LayoutLibrary`, placed by `LibraryLayout.layout(on:)`), else a layout string.
public enum LayoutArgument {
    /// The layout's display name (the reference name, the library name, or `custom`) and the layout itself.
    /// A library layout that does not fit the board (too few alpha keys, no free key for a slot it needs) is
    /// an `.invalid` error naming what is missing; an unknown word-like name suggests close names.
    /// On the `cyanophage-ergo` board a 34-character string is that profile's layout string, its
    /// character 33 on the `thumb` side (docs/PROFILES.md section 3).
    public static func resolve(_ text: String, keyboard: Keyboard, keycodes: KeycodeTable,
                               thumb: CyanophageErgo.Thumb = .left, library: LayoutLibrary = .shipped) throws(InputError) -> (String, Layout) {
        if let reference = keyboard.referenceLayout(named: text) {
            return (text, try parse(reference, keyboard: keyboard, keycodes: keycodes, source: "\(keyboard.name).layouts.\(text)"))
        }
        if keyboard.name == CyanophageErgo.keyboardName && CyanophageErgo.isLayoutString(text) {
            let tokens: [String]
            do { tokens = try CyanophageErgo.tokens(fromLayoutString: text, thumb: thumb) } catch { throw InputError.invalid("--layout", error) }
            return ("custom", try parse(tokens.joined(separator: " "), keyboard: keyboard, keycodes: keycodes, source: "--layout"))
        }
        if let entry = library.layout(named: text) {
            do { return (entry.name, try entry.layout(on: keyboard, keycodes: keycodes)) } catch {
                throw InputError(.invalid, source: "--layout", error.message)
            }
        }
        let isWordLike = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 48 && $0.value <= 57) || $0 == "-" || $0 == "_"
        }
        if isWordLike && text.count < keyboard.alphaKeys.count {
            let known = keyboard.referenceLayouts.map(\.name).joined(separator: ", ")
            let close = keyboard.referenceLayouts.map(\.name).filter { LayoutLibrary.editDistance(text.lowercased(), $0) <= max(1, text.count / 3) }
            let suggested = (close + library.suggestions(for: text)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.prefix(3)
            let hint = suggested.isEmpty ? "" : "; did you mean \(suggested.map { "'\($0)'" }.joined(separator: " or "))?"
            throw InputError(.invalid, source: "--layout", "'\(text)' is not a reference layout of \(keyboard.name) (known: \(known)) "
                             + "nor one of the \(library.layouts.count) layouts of the library (keyforge layouts list)\(hint)")
        }
        return ("custom", try parse(text, keyboard: keyboard, keycodes: keycodes, source: "--layout"))
    }

    private static func parse(_ text: String, keyboard: Keyboard, keycodes: KeycodeTable, source: String) throws(InputError) -> Layout {
        do { return try Layout.parse(text, for: keyboard, keycodes: keycodes) } catch {
            throw InputError.invalid(source, error)
        }
    }
}
