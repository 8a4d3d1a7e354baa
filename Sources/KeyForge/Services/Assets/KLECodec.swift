import KeyForgeCore
import KeyForgeWire

/// Reads keyboard-layout-editor (KLE) raw JSON: the geometry and legends of its keys.
///
/// The format is an array of rows; a row is an array whose strings are keys (their legends, lines
/// split by `\n`) and whose objects change the properties of the keys after them, as kle-serial reads
/// them: `x`, `y` move the next key (relative), `w`, `h` size it (reset to 1 after each key), `r`
/// rotates it in degrees about (`rx`, `ry`), and setting `rx` or `ry` also moves the cursor to that
/// point; after each row the cursor goes down one unit and back to `rx`. A leading object is the
/// board's metadata (`name`, `author`, ...). Decals (`d: true`) are drawings, not keys, and are
/// skipped; other properties (colours, fonts, `x2`/`y2` shapes) do not matter to a layout and are
/// ignored. KLE's "raw data" text without the outer brackets or with unquoted property names (as the
/// site's editor shows it) is read too.
public enum KLECodec {
    /// One key as KLE places it.
    public struct KLEKey: Equatable, Sendable {
        /// The upright key's left edge, in key units.
        public var x: Double
        /// The upright key's top edge.
        public var y: Double
        /// The width.
        public var width: Double
        /// The height.
        public var height: Double
        /// Degrees clockwise about (`rotationOriginX`, `rotationOriginY`).
        public var rotation: Double
        /// The rotation origin, horizontally.
        public var rotationOriginX: Double
        /// The rotation origin, vertically.
        public var rotationOriginY: Double
        /// The index of the KLE row the key was written in (metadata not counted).
        public var row: Int
        /// The legend lines, top to bottom (empty lines kept).
        public var labels: [String]
    }

    /// A board as KLE describes it.
    public struct Board: Sendable {
        /// The metadata's `name`, if any.
        public var name: String?
        /// The keys in file order.
        public var keys: [KLEKey]
    }

    /// Decodes `bytes`; errors name `source` and the row and item at fault.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> Board {
        // A file is one array of rows; KLE's raw-data text is the rows without the outer brackets.
        let quoted = normalizedRawData(bytes)
        let value: JSONValue
        if let whole = try? JSONParser.parse(quoted), let rows = whole.arrayValue,
           rows.enumerated().allSatisfy({ $0.element.arrayValue != nil || ($0.offset == 0 && $0.element.objectValue != nil) }) {
            value = whole
        } else {
            do { value = try JSONParser.parse(Array("[".utf8) + quoted + Array("]".utf8)) } catch { throw .malformedJSON(source, error) }
        }
        do throws(ValidationError) { return try decode(value) } catch { throw .invalid(source, error) }
    }

    private static func decode(_ value: JSONValue) throws(ValidationError) -> Board {
        guard let rows = value.arrayValue else { throw ValidationError(field: "", "a KLE file is an array of rows (got \(value.typeName))") }
        var board = Board(name: nil, keys: [])
        var cursorX = 0.0, cursorY = 0.0, width = 1.0, height = 1.0
        var rotation = 0.0, originX = 0.0, originY = 0.0
        var isDecal = false
        var rowIndex = 0
        for (position, row) in rows.enumerated() {
            if position == 0, let metadata = row.objectValue {
                board.name = metadata["name"]?.stringValue
                continue
            }
            guard let items = row.arrayValue else { throw ValidationError(field: "[\(position)]", "must be a row (an array; got \(row.typeName))") }
            for (column, item) in items.enumerated() {
                let field = "[\(position)][\(column)]"
                if let legend = item.stringValue {
                    if !isDecal {
                        board.keys.append(KLEKey(x: cursorX, y: cursorY, width: width, height: height, rotation: rotation,
                                                 rotationOriginX: originX, rotationOriginY: originY, row: rowIndex,
                                                 labels: legend.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
                        if board.keys.count > Keyboard.maxKeys {
                            throw ValidationError(field: field, "more than \(Keyboard.maxKeys) keys")
                        }
                    }
                    cursorX += width
                    width = 1
                    height = 1
                    isDecal = false
                    continue
                }
                guard let properties = item.objectValue else {
                    throw ValidationError(field: field, "must be a key (a string) or properties (an object; got \(item.typeName))")
                }
                func number(_ name: String) throws(ValidationError) -> Double? {
                    guard let value = properties[name] else { return nil }
                    guard let number = value.doubleValue, number.isFinite, abs(number) <= Keyboard.maxCoordinate * 4 else {
                        throw ValidationError(field: "\(field).\(name)", "must be a number (got \(JSONWriter.write(value)))")
                    }
                    return number
                }
                if let r = try number("r") { rotation = r }
                if let rx = try number("rx") {
                    originX = rx
                    cursorX = originX
                    cursorY = originY
                }
                if let ry = try number("ry") {
                    originY = ry
                    cursorX = originX
                    cursorY = originY
                }
                if let dx = try number("x") { cursorX += dx }
                if let dy = try number("y") { cursorY += dy }
                if let w = try number("w") { width = w }
                if let h = try number("h") { height = h }
                if let decal = properties["d"]?.boolValue { isDecal = decal }
            }
            cursorY += 1
            cursorX = originX
            rowIndex += 1
        }
        return board
    }

    /// The text with bare property names (`{x:0.5}`) quoted; strings are copied untouched.
    static func normalizedRawData(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
            } else if isNameStart(byte), let previous = out.last(where: { !isSpace($0) }),
                      previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") {
                var end = index
                while end < bytes.count && (isNameStart(bytes[end]) || (bytes[end] >= 48 && bytes[end] <= 57)) { end += 1 }
                var after = end
                while after < bytes.count && isSpace(bytes[after]) { after += 1 }
                if after < bytes.count && bytes[after] == UInt8(ascii: ":") {
                    out.append(UInt8(ascii: "\""))
                    out.append(contentsOf: bytes[index..<end])
                    out.append(UInt8(ascii: "\""))
                } else {
                    out.append(contentsOf: bytes[index..<end])
                }
                index = end
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
    }
}
