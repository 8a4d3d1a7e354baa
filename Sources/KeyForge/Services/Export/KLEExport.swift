import KeyForgeCore
import KeyForgeWire

/// keyboard-layout-editor.com raw JSON of any board: its keys at their positions and sizes, legends from the layout.
///
/// KLE reads rows of keys: within a row each key starts where the previous one ended (`x` adds to that),
/// `y` adds to the current height and stays for the rest of the row, and each new row starts at x 0,
/// one unit lower. So every key gets the `x` / `y` offsets that put it exactly at the model's position;
/// positions are rounded to millionths of a key unit first, so the offsets add back up exactly.
/// A rotated key (or the first upright key after rotated ones) also gets `r`, `rx` and `ry`: setting
/// them moves KLE's cursor to (`rx`, `ry`), and each later row starts at `rx`, so offsets count from there.
enum KLEExport {
    /// Positions are written in these steps of a key unit.
    static let unitsPerKey = 1_000_000

    /// The JSON array of rows, one logical row of the board per line.
    static func rawJSON(_ input: LayoutExport.Input) -> String {
        var rowTexts: [String] = []
        var currentY = 0
        var turn = (rotation: 0, originX: 0, originY: 0)
        for row in Layout.keyRows(of: input.keyboard) {
            var items: [String] = []
            var currentX = turn.originX
            for index in row {
                let key = input.keyboard.keys[index]
                let x = micro(key.x), y = micro(key.y), width = micro(key.width), height = micro(key.height)
                var properties: [String] = []
                let keyTurn = (rotation: micro(key.rotation), originX: micro(key.rotationOriginX), originY: micro(key.rotationOriginY))
                if keyTurn != turn {
                    turn = keyTurn
                    properties.append("\"r\":\(decimal(turn.rotation)),\"rx\":\(decimal(turn.originX)),\"ry\":\(decimal(turn.originY))")
                    currentX = turn.originX
                    currentY = turn.originY
                }
                if x != currentX { properties.append("\"x\":\(decimal(x - currentX))") }
                if y != currentY { properties.append("\"y\":\(decimal(y - currentY))") }
                if width != unitsPerKey { properties.append("\"w\":\(decimal(width))") }
                if height != unitsPerKey { properties.append("\"h\":\(decimal(height))") }
                if !properties.isEmpty { items.append("{" + properties.joined(separator: ",") + "}") }
                items.append(JSONWriter.write(.string(legend(input.layout.symbols[index]))))
                currentX = x + width
                currentY = y
            }
            rowTexts.append("[" + items.joined(separator: ",") + "]")
            currentY += unitsPerKey
        }
        return "[\n" + rowTexts.joined(separator: ",\n") + "\n]\n"
    }

    /// A key's legend: letters in upper case as printed on keycaps, names as they are, nothing for an empty key.
    static func legend(_ symbol: String?) -> String {
        guard let symbol else { return "" }
        return symbol.count == 1 ? symbol.uppercased() : symbol
    }

    private static func micro(_ value: Double) -> Int { Int((value * Double(unitsPerKey)).rounded()) }

    /// `1500000` -> `1.5`, `-147000` -> `-0.147`, `2000000` -> `2`: exact, with no trailing zeros.
    static func decimal(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let whole = magnitude / UInt(unitsPerKey), fraction = magnitude % UInt(unitsPerKey)
        if fraction == 0 { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
