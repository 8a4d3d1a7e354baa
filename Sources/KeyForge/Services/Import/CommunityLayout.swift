import KeyForgeCore
import KeyForgeWire

/// A layout read from another analyzer's file: Oxeylyzer's `.dof`, genkey's layout text, cmini's JSON.
///
/// Every format is reduced to the same thing: rows of keys as the file places them (row 0 the top
/// letter row, column 0 the left pinky's column), the fingers the file gives per key when it gives
/// them, and its provenance. The 3x10 block of rows 0-2, columns 0-9 is KeyForge's alpha block (Q ... P,
/// A ... ;, Z ... /); other keys are listed by `extraKeys`, for boards that have them.
public struct CommunityLayout: Equatable, Sendable {
    /// The file format a layout came from.
    public enum Format: String, Sendable {
        case dof, genkey, cmini
    }

    /// The layout's name.
    public var name: String
    /// Its authors, when the file says.
    public var authors: [String]
    /// Where it was published, when the file says.
    public var link: String?
    /// The year, when the file says.
    public var year: Int64?
    /// The board the file names (`ansi`, `ortho`, `angle`, `stagger` ...), if any.
    public var board: String?
    /// The fingering convention the file names (`traditional`, `angle`), if any.
    public var fingeringName: String?
    /// The keys by row as the file places them, in KeyForge tokens (`NONE` for an empty key).
    public var rows: [[String]]
    /// The finger slot (0 left pinky ... 9 right pinky) of each key, when the file gives them.
    public var fingers: [[Int]]?
    /// The format read.
    public var format: Format
    /// The `.dof` as read (nil for the other formats).
    public var dof: DofLayout?
    /// A `.dof`'s layers besides `main` (`shift` and named layers), placed like `rows`, keys as the file
    /// writes them; `CommunityLayout+Layers.swift` reads them.
    public var layers: [DofLayout.Layer] = []

    /// The 30 tokens of the alpha block (rows 0-2, columns 0-9), `NONE` where the file has no key.
    public var alphaTokens: [String] {
        (0..<3).flatMap { row in (0..<10).map { column in row < rows.count && column < rows[row].count ? rows[row][column] : "NONE" } }
    }

    /// Keys outside the 3x10 block that hold a symbol: (row, column, token).
    public var extraKeys: [(row: Int, column: Int, token: String)] {
        var found: [(row: Int, column: Int, token: String)] = []
        for (row, keys) in rows.enumerated() {
            for (column, token) in keys.enumerated() where (row >= 3 || column >= 10) && token != "NONE" && token.count == 1 {
                found.append((row, column, token))
            }
        }
        return found
    }

    /// Reads `bytes` from `source`, the format chosen by its content: a JSON object with `layers` is a
    /// `.dof`, one with `keys` is cmini's, anything else genkey's text.
    public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> CommunityLayout {
        let first = bytes.first { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        if first == UInt8(ascii: "{") {
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
            do throws(ValidationError) {
                if value.objectValue?["keys"] != nil && value.objectValue?["layers"] == nil { return try cmini(value) }
                return try fromDof(DofLayout.decode(value))
            } catch { throw .invalid(source, error) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw InputError(.invalid, source: source, "is not UTF-8 text") }
        do throws(ValidationError) { return try genkey(text) } catch { throw .invalid(source, error) }
    }

    /// A `.dof`'s main layer placed so its row 0 / column 0 is the top letter row's left pinky key:
    /// files with an `anchor` on an `ansi` or `iso` board start at the board's top-left key (the
    /// number row's first key), so the anchor's distance from Q's corner (1, 1) is cut off.
    public static func fromDof(_ dof: DofLayout) throws(ValidationError) -> CommunityLayout {
        let boardName = dof.board.stringValue
        var skipRows = 0, skipColumns = 0
        if let anchor = dof.anchor?.arrayValue, anchor.count == 2, let column = anchor[0].int64Value, let row = anchor[1].int64Value,
           boardName == nil || boardName == "ansi" || boardName == "iso" {
            skipRows = max(0, 1 - Int(row))
            skipColumns = max(0, 1 - Int(column))
        }
        func placed<T>(_ rows: [[T]]) -> [[T]] { rows.dropFirst(skipRows).map { Array($0.dropFirst(skipColumns)) } }
        let rows = placed(dof.main.map { $0.map { token(fromDof: $0) } })
        var fingers: [[Int]]?
        var fingeringName: String?
        switch dof.fingering {
        case .explicit(let named)?: fingers = placed(named.map { $0.map { DofLayout.finger(named: $0) ?? 0 } })
        case .named(let name)?: fingeringName = name
        case nil: break
        }
        return CommunityLayout(name: dof.name, authors: dof.authors, link: dof.link, year: dof.year, board: boardName,
                               fingeringName: fingeringName, rows: rows, fingers: fingers, format: .dof, dof: dof,
                               layers: dof.layers.filter { $0.name != "main" }.map { DofLayout.Layer(name: $0.name, rows: placed($0.rows)) })
    }

    /// A `.dof` key in KeyForge's words: `~` and `*` (no key, or the layer below) are NONE, `spc` SPACE,
    /// a few names their keys, `@name` (a layer switch) `MO(name)` when the name can name a KeyForge layer
    /// (else NONE), `&name` (a magic key of aherriott's oxeylyzer-2 fork) MAGIC, `\x` the character x.
    /// One character is lower-cased unless `keepCase` (a layer's `Q` is a capital).
    static func token(fromDof key: String, keepCase: Bool = false) -> String {
        if key.hasPrefix("\\") && key.count == 2 { return String(key.dropFirst()) }
        if key.count == 1 { return key == "~" || key == "*" ? "NONE" : keepCase ? key : KeycodeTable.lowercased(key) }
        if key.hasPrefix("@") {
            let name = String(key.dropFirst()).lowercased()
            return LayoutLayer.isValidName(name) ? LayoutLayer.heldKey(name) : "NONE"
        }
        if key.hasPrefix("&") && key.count > 1 { return Layout.magicSymbol }
        switch key.lowercased() {
        case "spc", "space": return "SPACE"
        case "bsp", "bspc": return "BACKSPACE"
        case "ret", "ent", "enter": return "ENTER"
        case "tb", "tab": return "TAB"
        case "shft", "sft", "shift": return "SHIFT"
        case "cps", "caps": return "CAPSLOCK"
        case "esc": return "ESC"
        case "rpt", "rep": return "REPEAT"
        default: return "NONE"
        }
    }

    /// genkey's layout text: a name line, three rows of keys (whitespace-separated), then three rows of
    /// finger numbers 0-7 (left pinky ... right pinky, no thumbs); later lines (notes) are not read. A
    /// finger row shorter than its key row leaves the extra keys on the row's last finger, as genkey does.
    static func genkey(_ text: String) throws(ValidationError) -> CommunityLayout {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
            .filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        let shape = "is not a layout file (.dof, cmini JSON, or genkey text: a name, three rows of keys, three rows of fingers 0-7)"
        guard lines.count >= 4 else { throw ValidationError(field: "", shape) }
        let name = String(lines[0].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        let keyRows = lines[1...3].map(DofLayout.keys(of:))
        let isFingerRow: ([String]) -> Bool = { row in !row.isEmpty && row.allSatisfy { $0.count == 1 && ("0"..."7").contains($0) } }
        guard keyRows.allSatisfy({ !$0.isEmpty && $0.count <= 16 && !isFingerRow($0) }) else { throw ValidationError(field: "", shape) }
        var fingers: [[Int]]?
        if lines.count >= 7 {
            let fingerRows = lines[4...6].map(DofLayout.keys(of:))
            if fingerRows.allSatisfy(isFingerRow) {
                // genkey numbers the eight fingers without thumbs: 0-3 left pinky to index, 4-7 right index to pinky.
                fingers = zip(keyRows, fingerRows).map { keys, numbers in
                    let slots = numbers.map { Int($0)! < 4 ? Int($0)! : Int($0)! + 2 }
                    return (0..<keys.count).map { $0 < slots.count ? slots[$0] : slots[slots.count - 1] }
                }
            }
        }
        let rows = keyRows.map { $0.map { $0.count == 1 ? KeycodeTable.lowercased($0) : token(fromDof: $0) } }
        return CommunityLayout(name: name.isEmpty ? "genkey" : name, authors: [], link: nil, year: nil, board: nil, fingeringName: nil,
                               rows: rows, fingers: fingers, format: .genkey, dof: nil)
    }

    /// cmini's layout JSON: `name`, `board` (`stagger`, `angle`, `ortho` ...), and `keys`: symbol ->
    /// `{row, col, finger}`.
    static func cmini(_ value: JSONValue) throws(ValidationError) -> CommunityLayout {
        guard let object = value.objectValue, let name = object["name"]?.stringValue else {
            throw ValidationError(field: "name", "is missing (a cmini layout names itself)")
        }
        guard let keys = object["keys"]?.objectValue, !keys.members.isEmpty else { throw ValidationError(field: "keys", "has no keys") }
        guard keys.members.count <= Keyboard.maxKeys else { throw ValidationError(field: "keys", "has more than \(Keyboard.maxKeys) keys") }
        var placed: [(row: Int, column: Int, symbol: String, finger: Int)] = []
        for member in keys.members {
            let field = "keys.\(member.key)"
            guard let key = member.value.objectValue, let row = key["row"]?.int64Value, let column = key["col"]?.int64Value,
                  (0...16).contains(row), (0...32).contains(column) else {
                throw ValidationError(field: field, "must be {\"row\": 0-16, \"col\": 0-32, \"finger\": ...}")
            }
            guard let fingerName = key["finger"]?.stringValue, let finger = DofLayout.finger(named: fingerName) else {
                throw ValidationError(field: "\(field).finger", "must be one of \(DofLayout.fingerNames.joined(separator: " "))")
            }
            if placed.contains(where: { $0.row == row && $0.column == column }) {
                throw ValidationError(field: field, "shares row \(row), column \(column) with another key")
            }
            placed.append((Int(row), Int(column), KeycodeTable.lowercased(member.key), finger))
        }
        let height = (placed.map(\.row).max() ?? 0) + 1
        var rows: [[String]] = [], fingers: [[Int]] = []
        for row in 0..<height {
            let width = (placed.filter { $0.row == row }.map(\.column).max() ?? -1) + 1
            rows.append(Array(repeating: "NONE", count: width))
            fingers.append(Array(repeating: 0, count: width))
        }
        for key in placed {
            rows[key.row][key.column] = key.symbol == " " ? "SPACE" : key.symbol
            fingers[key.row][key.column] = key.finger
        }
        return CommunityLayout(name: name, authors: [], link: nil, year: nil, board: object["board"]?.stringValue, fingeringName: nil,
                               rows: rows, fingers: fingers, format: .cmini, dof: nil)
    }

    /// This layout as a `.dof`: the file read when it was one, else a new one with the main layer, the
    /// board (`ansi` unless the file said `ortho` or `colstag`) and the fingers.
    public func asDof() -> DofLayout {
        if let dof { return dof }
        let boardName = board == "ortho" || board == "colstag" ? board! : "ansi"
        let main = rows.map { $0.map(Self.dofKey) }
        let fingering: DofLayout.Fingering = fingers.map { rows in .explicit(rows.map { $0.map { Key.fingerSlotNames[$0] } }) }
            ?? .named(fingeringName ?? "traditional")
        return DofLayout(name: name, authors: authors, board: .string(boardName), year: year, description: nil, link: link,
                         languages: nil, anchor: nil, layers: [DofLayout.Layer(name: "main", rows: main)], fingering: fingering)
    }

    /// A KeyForge token as a `.dof` key.
    static func dofKey(_ token: String) -> String {
        switch token {
        case "NONE": return "~"
        case "SPACE": return "spc"
        case "BACKSPACE": return "bsp"
        case "ENTER": return "ret"
        case "TAB": return "tb"
        case "SHIFT": return "shft"
        case "CAPSLOCK": return "cps"
        case "ESC": return "esc"
        case "REPEAT": return "rpt"
        case "MAGIC": return "&mag"
        case "~", "*", "\\": return "\\" + token
        default:
            if let name = LayoutLayer.layerName(ofKey: token) { return "@" + name }
            return token.count == 1 ? token : "~"
        }
    }
}
