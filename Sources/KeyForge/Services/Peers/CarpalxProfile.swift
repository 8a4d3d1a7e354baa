import Glibc
import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem

/// `--profile carpalx` for `analyze` and `search` (docs/PROFILES.md, "Profile carpalx"): reads a raw text the way
/// carpalx 0.12 does with its default configuration and reports its effort of a layout, or searches to lower it.
package enum CarpalxProfile {
    static let maxTextBytes = 1 << 30

    package static func checkKeyboard(_ keyboard: String) throws(InputError) {
        guard keyboard == Carpalx.keyboardName else {
            throw InputError(.invalid, source: "--profile", "\(Carpalx.name) is defined on its own board: use --keyboard \(Carpalx.keyboardName)")
        }
    }

    /// Reads the raw text at `path` and keeps its triads as carpalx does.
    package static func loadTriads(_ path: String) throws(InputError) -> Carpalx.Triads {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: maxTextBytes) } catch {
            throw InputError(error.code == ENOENT ? .missing : .io, source: path,
                             "cannot read the text (the \(Carpalx.name) profile reads a raw text file: --corpus FILE.txt): \(error)")
        }
        let triads = Carpalx.Triads(utf8: bytes)
        guard triads.total > 0 else {
            throw InputError(.invalid, source: path,
                             "no letter triad occurs \(Carpalx.Model.minimumTriadCount) times or more: carpalx's default configuration drops rarer triads, so this text has no effort")
        }
        return triads
    }

    /// Resolves `--layout` (default qwerty): a carpalx reference name, or 47 characters (every key, row by row), or
    /// 26 (the letters on the movable keys in order).
    package static func layout(_ argument: String?) throws(InputError) -> (name: String, layout: Carpalx.Layout) {
        let argument = argument ?? "qwerty"
        if let named = Carpalx.referenceLayout(named: argument) { return (argument.lowercased(), named) }
        guard let layout = Carpalx.Layout(string: argument) else {
            let names = Carpalx.referenceLayouts.map(\.name).joined(separator: ", ")
            throw InputError(.invalid, source: "--layout",
                             "not a \(Carpalx.name) layout: give one of \(names), or 47 characters (every key row by row: 13, 13, 11, 10) or 26 (the letters on the movable keys), each letter once")
        }
        return ("custom", layout)
    }

    /// The report as JSON: `metrics.effort` (carpalx's `all`) and its parts.
    package static func json(name: String, layout: Carpalx.Layout, effort: Carpalx.Effort, triads: Carpalx.Triads, corpus: String,
                             search: JSONObject? = nil) -> JSONValue {
        var metrics = JSONObject()
        metrics.append("effort", .double(effort.effort))
        var parts = JSONObject()
        parts.append("base", .double(effort.base))
        parts.append("penalty", .double(effort.penalty))
        parts.append("path", .double(effort.path))
        metrics.append("parts", .object(parts))
        var object = JSONObject()
        object.append("profile", .string(Carpalx.name))
        object.append("keyboard", .string(Carpalx.keyboardName))
        object.append("layout_name", .string(name))
        object.append("layout", .string(layout.string))
        object.append("corpus", .string(corpus))
        object.append("triads", .int(Int64(triads.total)))
        object.append("distinct_triads", .int(Int64(triads.triads.count)))
        if let search { object.append("search", .object(search)) }
        object.append("metrics", .object(metrics))
        return .object(object)
    }

    /// The report as text: carpalx's three-decimal figures.
    package static func text(name: String, layout: Carpalx.Layout, effort: Carpalx.Effort, corpus: String) -> String {
        func three(_ value: Double) -> String { ReportText.fixed(value, digits: 3) }
        var lines = ["\(Carpalx.keyboardName) · \(name) · corpus \(corpus) · profile \(Carpalx.name)"]
        lines += layout.rows.map { String($0.map { String($0) }.joined(separator: " ")) }
        lines.append("effort \(three(effort.effort))  (b \(three(effort.base))  p \(three(effort.penalty))  s \(three(effort.path)))")
        return lines.joined(separator: "\n")
    }
}
