import KeyForgeCore
import KeyForgeWire

extension KeyboardCodec {
    /// The keyboard as keyboard JSON in the shipped files' shape (one key per line), readable by `decode`.
    ///
    /// Coordinates are rounded to 6 decimals (a micro-unit), so imported boards stay readable.
    public static func encode(_ keyboard: Keyboard) -> String {
        var lines = ["{"]
        lines.append("  \"name\": \(JSONWriter.write(.string(keyboard.name))),")
        lines.append("  \"description\": \(JSONWriter.write(.string(keyboard.description))),")
        if let homeRow = keyboard.homeRow { lines.append("  \"home_row\": \(homeRow),") }
        lines.append("  \"keys\": [")
        for (index, key) in keyboard.keys.enumerated() {
            var object = JSONObject()
            object.append("row", .int(Int64(key.row)))
            object.append("col", .int(Int64(key.col)))
            object.append("x", ReportJSON.number(key.x))
            object.append("y", ReportJSON.number(key.y))
            object.append("hand", .int(Int64(key.hand)))
            object.append("finger", .int(Int64(key.finger)))
            if key.width != 1 { object.append("w", ReportJSON.number(key.width)) }
            if key.height != 1 { object.append("h", ReportJSON.number(key.height)) }
            if key.isStretch { object.append("stretch", .bool(true)) }
            if key.isHome { object.append("home", .bool(true)) }
            if key.rotation != 0 {
                object.append("r", ReportJSON.number(key.rotation))
                object.append("rx", ReportJSON.number(key.rotationOriginX))
                object.append("ry", ReportJSON.number(key.rotationOriginY))
            }
            let separator = index + 1 < keyboard.keys.count ? "," : ""
            lines.append("    " + spaced(JSONWriter.write(.object(object))) + separator)
        }
        lines.append("  ],")
        lines.append("  \"base_layout\": \(JSONWriter.write(.string(keyboard.baseLayout.joined(separator: " ")))),")
        var layouts = JSONObject()
        for entry in keyboard.referenceLayouts { layouts.append(entry.name, .string(entry.text)) }
        lines.append("  \"layouts\": \(spaced(JSONWriter.write(.object(layouts))))" + (keyboard.exports.qmk == nil ? "" : ","))
        if let qmk = keyboard.exports.qmk {
            var section = JSONObject()
            section.append("keyboard", .string(qmk.target))
            if let macro = qmk.layoutMacro { section.append("layout", .string(macro)) }
            section.append("rows", .array(qmk.rows.map { row in
                .array(row.map { slot in
                    switch slot {
                    case .key(let index): .int(Int64(index))
                    case .fixed(let code): .string(code)
                    case .empty: .null
                    }
                })
            }))
            lines.append("  \"qmk\": \(spaced(JSONWriter.write(.object(section))))")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Compact JSON with a space after each `:` and `,` outside strings, as the shipped files are written.
    private static func spaced(_ compact: String) -> String {
        var out = ""
        var inString = false, escaped = false
        for character in compact {
            out.append(character)
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == ":" || character == "," {
                out.append(" ")
            }
        }
        return out
    }
}
