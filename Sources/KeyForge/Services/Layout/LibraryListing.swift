import KeyForgeCore

/// The text of `keyforge layouts list` and `keyforge layouts show`.
public enum LibraryListing {
    /// One line per layout: name, author, year, source (its link, else where it was read), columns aligned.
    public static func list(_ layouts: [LibraryLayout], total: Int) -> String {
        let header = ("name", "author", "year", "source")
        let rows = layouts.map { entry in
            (entry.name, entry.author ?? "-", entry.year.map(String.init) ?? "-", entry.link ?? entry.readFrom[0])
        }
        let nameWidth = ([header.0] + rows.map(\.0)).map(\.count).max() ?? 4
        let authorWidth = min(28, ([header.1] + rows.map(\.1)).map(\.count).max() ?? 6)
        func line(_ row: (String, String, String, String)) -> String {
            let author = row.1.count > authorWidth ? String(row.1.prefix(authorWidth - 1)) + "…" : row.1
            return pad(row.0, nameWidth) + "  " + pad(author, authorWidth) + "  " + pad(row.2, 4) + "  " + row.3
        }
        var lines = [line(header)] + rows.map(line)
        lines.append(layouts.count == total ? "\(total) layouts (keyforge layouts show NAME draws one; --layout NAME uses it on any board with a 3x10 alpha block)"
                                            : "\(layouts.count) of \(total) layouts")
        return lines.joined(separator: "\n")
    }

    /// The layout's rows drawn as a 3x10 block (a gap between the hands, `·` for an empty key, needed extras
    /// beside their rows and thumb letters below), after its provenance; then the keys it needs.
    public static func show(_ entry: LibraryLayout) -> String {
        var lines: [String] = [entry.name]
        if let author = entry.author { lines.append("author:       \(author)") }
        if let year = entry.year { lines.append("year:         \(year)") }
        if let link = entry.link { lines.append("link:         \(link)") }
        for (index, source) in entry.readFrom.enumerated() { lines.append((index == 0 ? "read from:    " : "              ") + source) }
        if let designed = entry.designedFor { lines.append("written for:  \(designed)") }
        if let same = entry.sameAs { lines.append("same letters: \(same)") }
        lines.append("")
        let names = ["top", "home", "bottom"]
        for (index, tokens) in entry.rows.enumerated() {
            let row = tokens.map { $0 == "NONE" ? "·" : $0 }
            let left = row[0..<5].joined(separator: " "), right = row[5..<10].joined(separator: " ")
            let outside = { (sign: String) in
                (1...3).compactMap { entry.needs.contains("\(names[index])\(sign)\($0)") ? entry.token(at: "\(names[index])\(sign)\($0)") : nil }
            }
            let before = outside("-").reversed().joined(separator: " ")
            let after = outside("+").joined(separator: " ")
            lines.append("  " + pad(before, 3) + " " + left + "   " + right + (after.isEmpty ? "" : "  " + after))
        }
        let thumbs = ["thumb-left", "thumb-right"].map { entry.needs.contains($0) ? entry.token(at: $0) ?? " " : " " }
        if thumbs != [" ", " "] { lines.append("  " + pad("", 3) + "       " + thumbs[0] + "     " + thumbs[1]) }
        lines.append("")
        if entry.needs.isEmpty {
            lines.append("keys: the 30 of the alpha block (fits every board with one)")
        } else {
            let slots = entry.needs.map { "\(LibraryLayout.describe($0)) '\(entry.token(at: $0) ?? "?")'" }.joined(separator: ", ")
            lines.append("keys: \(entry.keyCount), the alpha block and \(slots)")
        }
        if !entry.omits.isEmpty {
            lines.append("not on the layout: \(entry.omits.map { String($0) }.joined(separator: " ")) (the source places no key for it: combos or another layer)")
        }
        let kept = entry.extra.filter { !entry.needs.contains($0.slot) }
        if !kept.isEmpty {
            lines.append("not placed (the source's keys outside the block, qwerty's own or optional): "
                         + kept.map { "\($0.slot) '\($0.token)'" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Where `entry` lands on `keyboard`: its needed slots' keys, or the reason it does not fit.
    public static func placement(_ entry: LibraryLayout, on keyboard: Keyboard, keycodes: KeycodeTable) -> String {
        do {
            let slots = try entry.slotKeys(on: keyboard, keycodes: keycodes)
            if keyboard.referenceLayout(named: entry.name) != nil {
                return "on \(keyboard.name): --layout \(entry.name) gives the board's own reference layout of that name, not this one"
            }
            let where_ = slots.map { slot, key in
                "\(slot) '\(entry.token(at: slot) ?? "?")' on key \(key) (row \(keyboard.keys[key].row), column \(keyboard.keys[key].col), was \(keyboard.baseLayout[key]))"
            }
            return "on \(keyboard.name): fits, the block on its \(keyboard.alphaKeys.count) alpha keys" + (where_.isEmpty ? "" : "; " + where_.joined(separator: "; "))
        } catch {
            return "on \(keyboard.name): does not fit: \(error.message)"
        }
    }
}
