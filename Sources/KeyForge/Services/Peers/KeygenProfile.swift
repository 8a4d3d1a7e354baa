import Glibc
import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem

/// `--profile keygen` for `analyze` and `search` (docs/PROFILES.md, "Profile keygen"): reads a raw text the way
/// xsznix/keygen does and reports keygen's penalty of a layout, or searches for a layout that lowers it.
package enum KeygenProfile {
    /// The largest text read (keygen reads the whole file into memory too).
    static let maxTextBytes = 1 << 30

    /// Checks the board option: the profile is defined on keygen's own board.
    package static func checkKeyboard(_ keyboard: String) throws(InputError) {
        guard keyboard == Keygen.keyboardName else {
            throw InputError(.invalid, source: "--profile", "\(Keygen.name) is defined on its own board: use --keyboard \(Keygen.keyboardName)")
        }
    }

    /// Reads and counts the raw text at `path` (keygen reads text, not counted corpora).
    package static func loadText(_ path: String) throws(InputError) -> Keygen.Text {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: maxTextBytes) } catch {
            throw InputError(error.code == ENOENT ? .missing : .io, source: path,
                             "cannot read the text (the \(Keygen.name) profile reads a raw text file: --corpus FILE.txt): \(error)")
        }
        let text = Keygen.Text(utf8: bytes)
        guard text.windows > 0 else {
            throw InputError(.invalid, source: path, "the text has no character of keygen's alphabet (letters, space and its punctuation)")
        }
        return text
    }

    /// Resolves `--layout` (default `initial`, keygen's start layout): a keygen reference name, or 68 / 34 characters.
    package static func layout(_ argument: String?) throws(InputError) -> (name: String, layout: Keygen.Layout) {
        let argument = argument ?? "initial"
        guard let layout = Keygen.parseLayout(argument) else {
            let names = Keygen.referenceLayouts.map(\.name).joined(separator: ", ")
            throw InputError(.invalid, source: "--layout",
                             "not a \(Keygen.name) layout: give one of \(names), or 68 printable ASCII characters (the 34 keys' lower characters in keygen's key order, then their shifted ones; ~ for an empty key), or 34 (shifted by US pairs)")
        }
        return (Keygen.referenceLayout(named: argument) != nil ? argument.lowercased() : "custom", layout)
    }

    /// The report as JSON: `metrics.scaled_penalty` (keygen's `scaled`), `metrics.total_penalty` and the parts.
    package static func json(name: String, layout: Keygen.Layout, penalty: Keygen.Penalty, text: Keygen.Text, corpus: String,
                             search: JSONObject? = nil) -> JSONValue {
        var metrics = JSONObject()
        metrics.append("scaled_penalty", .double(penalty.scaled))
        metrics.append("total_penalty", .double(penalty.total))
        var parts = JSONObject()
        for (index, part) in Keygen.partNames.enumerated() { parts.append(part.replacingSpacesAndSlashes, .double(penalty.parts[index])) }
        metrics.append("parts", .object(parts))
        var object = JSONObject()
        object.append("profile", .string(Keygen.name))
        object.append("keyboard", .string(Keygen.keyboardName))
        object.append("layout_name", .string(name))
        object.append("layout", .string(layout.string))
        object.append("corpus", .string(corpus))
        object.append("text_bytes", .int(Int64(text.length)))
        object.append("windows", .int(Int64(text.windows)))
        if let search { object.append("search", .object(search)) }
        object.append("metrics", .object(metrics))
        return .object(object)
    }

    /// The report as text, in keygen's own figures.
    package static func text(name: String, layout: Keygen.Layout, penalty: Keygen.Penalty, corpus: String) -> String {
        var lines = ["\(Keygen.keyboardName) · \(name) · corpus \(corpus) · profile \(Keygen.name)"]
        lines += layout.rows()
        lines.append("total: \(penalty.total); scaled: \(penalty.scaled)")
        for (index, part) in Keygen.partNames.enumerated() { lines.append("  \(part): \(penalty.parts[index])") }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    /// `long jump hand` -> `long_jump_hand`, `pinky/ring twist` -> `pinky_ring_twist`.
    var replacingSpacesAndSlashes: String { String(map { $0 == " " || $0 == "/" ? "_" : $0 }) }
}
