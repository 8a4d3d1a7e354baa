import KeyForgeCore

/// Resolves a layout argument (`--layout`, a job's start layout): a reference name, else a layout string.
public enum LayoutArgument {
    /// The layout's display name (the reference name, or `custom`) and the layout itself.
    /// On the `cyanophage-ergo` board a 34-character string is that profile's layout string, its
    /// character 33 on the `thumb` side (docs/PROFILES.md section 3).
    public static func resolve(_ text: String, keyboard: Keyboard, keycodes: KeycodeTable,
                               thumb: CyanophageErgo.Thumb = .left) throws(InputError) -> (String, Layout) {
        if let reference = keyboard.referenceLayout(named: text) {
            return (text, try parse(reference, keyboard: keyboard, keycodes: keycodes, source: "\(keyboard.name).layouts.\(text)"))
        }
        if keyboard.name == CyanophageErgo.keyboardName && CyanophageErgo.isLayoutString(text) {
            let tokens: [String]
            do { tokens = try CyanophageErgo.tokens(fromLayoutString: text, thumb: thumb) } catch { throw InputError.invalid("--layout", error) }
            return ("custom", try parse(tokens.joined(separator: " "), keyboard: keyboard, keycodes: keycodes, source: "--layout"))
        }
        let isWordLike = !text.isEmpty && text.unicodeScalars.allSatisfy { ($0.value >= 97 && $0.value <= 122) || $0 == "-" || $0 == "_" }
        if isWordLike && text.count < keyboard.alphaKeys.count {
            let known = keyboard.referenceLayouts.map(\.name).joined(separator: ", ")
            throw InputError(.invalid, source: "--layout", "'\(text)' is not a reference layout of \(keyboard.name) (known: \(known))")
        }
        return ("custom", try parse(text, keyboard: keyboard, keycodes: keycodes, source: "--layout"))
    }

    private static func parse(_ text: String, keyboard: Keyboard, keycodes: KeycodeTable, source: String) throws(InputError) -> Layout {
        do { return try Layout.parse(text, for: keyboard, keycodes: keycodes) } catch {
            throw InputError.invalid(source, error)
        }
    }
}
