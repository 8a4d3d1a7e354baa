import KeyForgeCore

/// Putting a library layout on a board: the block on the board's alpha keys (`*` in its base layout, in key
/// order, as a reference layout's 30 symbols go), each needed extra on the key its slot names.
extension LibraryLayout {
    /// Why a layout does not fit a board, one line.
    public struct PlacementError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The key index of each needed slot on `keyboard`, or the error naming the slots it lacks.
    public func slotKeys(on keyboard: Keyboard, keycodes: KeycodeTable) throws(PlacementError) -> [(slot: String, key: Int)] {
        let alpha = keyboard.alphaKeys
        guard alpha.count == 30 else {
            throw PlacementError(message: "the library's layouts fill a 3x10 alpha block; \(keyboard.name) has \(alpha.count) alpha keys"
                                 + " (give the layout as a string of \(alpha.count) symbols instead)")
        }
        var taken = Set(alpha)
        var found: [(slot: String, key: Int)] = []
        var missing: [String] = []
        for slot in needs {
            if let key = LibraryLayout.key(for: slot, on: keyboard, keycodes: keycodes, taken: taken) {
                found.append((slot, key))
                taken.insert(key)
            } else {
                missing.append(slot)
            }
        }
        if !missing.isEmpty {
            let wanted = missing.map { slot in "\(LibraryLayout.describe(slot)) for '\(token(at: slot) ?? "?")'" }.joined(separator: ", ")
            throw PlacementError(message: "'\(name)' needs \(keyCount) keys, the alpha block and \(needs.joined(separator: ", ")); "
                                 + "\(keyboard.name) has no free key for \(wanted) (a free key is empty or holds a symbol, not a named key like SPACE or BACKSPACE)")
        }
        return found
    }

    /// The layout on `keyboard`: the block on the alpha keys, needed extras on their keys, the base layout elsewhere.
    public func layout(on keyboard: Keyboard, keycodes: KeycodeTable) throws(PlacementError) -> Layout {
        let slots = try slotKeys(on: keyboard, keycodes: keycodes)
        var tokens = keyboard.baseLayout
        for (key, token) in zip(keyboard.alphaKeys, blockTokens) { tokens[key] = token }
        for (slot, key) in slots { tokens[key] = token(at: slot) ?? "NONE" }
        do {
            return try Layout.parse(tokens.joined(separator: " "), for: keyboard, keycodes: keycodes)
        } catch {
            throw PlacementError(message: "'\(name)' on \(keyboard.name): \(error.description)")
        }
    }

    /// The key a slot names, if the board has it free: a row slot is the key in the same board row as that alpha
    /// row, `offset` columns past its last (or before its first) alpha key; a thumb slot is a thumb key of that
    /// hand, an empty one first, else a SPACE key when another SPACE stays.
    static func key(for slot: String, on keyboard: Keyboard, keycodes: KeycodeTable, taken: Set<Int>) -> Int? {
        let keys = keyboard.keys
        if slot == "thumb-left" || slot == "thumb-right" {
            let hand = slot == "thumb-left" ? 0 : 1
            let thumbs = keys.indices.filter { keys[$0].hand == hand && keys[$0].finger == 0 && !taken.contains($0) }
            if let empty = thumbs.first(where: { isEmpty(keyboard.baseLayout[$0], keycodes) }) { return empty }
            let spaces = keyboard.baseLayout.indices.filter { keyboard.baseLayout[$0] == "SPACE" && !taken.contains($0) }
            guard spaces.count >= 2 else { return nil }
            return thumbs.first { keyboard.baseLayout[$0] == "SPACE" }
        }
        guard let (alphaRow, offset) = parseRowSlot(slot) else { return nil }
        var rows: [Int: [Int]] = [:]
        for index in keyboard.alphaKeys { rows[keys[index].row, default: []].append(index) }
        let boardRows = rows.keys.sorted()
        guard boardRows.count == 3, let members = rows[boardRows[alphaRow]] else { return nil }
        let columns = members.map { keys[$0].col }
        let target = offset > 0 ? columns.max()! + offset : columns.min()! + offset
        guard let index = keys.indices.first(where: { keys[$0].row == boardRows[alphaRow] && keys[$0].col == target }),
              !taken.contains(index) else { return nil }
        let base = keyboard.baseLayout[index]
        return isEmpty(base, keycodes) || base.count == 1 ? index : nil
    }

    private static func isEmpty(_ token: String, _ keycodes: KeycodeTable) -> Bool {
        do {
            guard let normalized = try keycodes.normalize(token) else { return false }
            return normalized == nil
        } catch {
            return false
        }
    }
}
