/// A keyboard's geometry, its base layout and its named reference layouts (docs/PHYSICS.md section 1.1).
public struct Keyboard: Sendable {
    /// The marker in `baseLayout` for a key of the 3x10 alpha block.
    public static let alphaMarker = "*"
    /// The most keys a board may have (docs/PHYSICS.md section 1.1).
    public static let maxKeys = 200
    /// The largest coordinate or key size accepted, in key units.
    public static let maxCoordinate = 100.0

    /// The board's short name (`corne`).
    public var name: String
    /// A sentence or two for people.
    public var description: String
    /// The home row, used to find a finger's origin when no key of it says `isHome`.
    public var homeRow: Int?
    /// The keys, in the order layouts list their symbols.
    public var keys: [Key]
    /// One token per key: a symbol for keys outside the alpha block, `*` for the alpha block.
    public var baseLayout: [String]
    /// Named reference layouts in file order: a 30-symbol alpha string or a full token string.
    public var referenceLayouts: [(name: String, text: String)]
    /// Where the keys go in QMK, ZMK and XKB keymaps (`keyforge export`); empty unless the JSON says.
    public var exports = KeyboardExports()

    /// Creates a keyboard; call `validate()` before use.
    public init(name: String, description: String = "", homeRow: Int? = nil, keys: [Key],
                baseLayout: [String]? = nil, referenceLayouts: [(name: String, text: String)] = []) {
        self.name = name
        self.description = description
        self.homeRow = homeRow
        self.keys = keys
        self.baseLayout = baseLayout ?? Array(repeating: Keyboard.alphaMarker, count: keys.count)
        self.referenceLayouts = referenceLayouts
    }

    /// The indexes of the alpha-block keys (`*` in the base layout), in key order.
    public var alphaKeys: [Int] { baseLayout.indices.filter { baseLayout[$0] == Keyboard.alphaMarker } }

    /// The text of the reference layout called `name`, if the board has one.
    public func referenceLayout(named name: String) -> String? {
        referenceLayouts.first { $0.name == name }?.text
    }

    /// Checks every key and the layout tables; the first problem found is thrown.
    public func validate() throws(ValidationError) {
        if name.isEmpty { throw ValidationError(field: "name", "must not be empty") }
        if keys.isEmpty { throw ValidationError(field: "keys", "a keyboard needs at least one key") }
        if keys.count > Keyboard.maxKeys {
            throw ValidationError(field: "keys", "\(keys.count) keys; at most \(Keyboard.maxKeys) are supported")
        }
        for (index, key) in keys.enumerated() {
            do throws(ValidationError) { try Keyboard.validate(key) } catch { throw error.nested(under: "keys[\(index)]") }
        }
        if let homeRow, !(0...64).contains(homeRow) {
            throw ValidationError(field: "home_row", "must be 0 ... 64 (got \(homeRow))")
        }
        var homes: [Int: Int] = [:]
        for (index, key) in keys.enumerated() where key.isHome {
            let finger = key.hand * 5 + key.finger
            if let other = homes[finger] {
                throw ValidationError(field: "keys[\(index)].home",
                                      "hand \(key.hand) finger \(key.finger) already has its home key at keys[\(other)]")
            }
            homes[finger] = index
        }
        if baseLayout.count != keys.count {
            throw ValidationError(field: "base_layout", "has \(baseLayout.count) tokens for \(keys.count) keys")
        }
        try exports.validate(keyCount: keys.count)
        var seenNames: Set<String> = []
        for entry in referenceLayouts where !seenNames.insert(entry.name).inserted {
            throw ValidationError(field: "layouts.\(entry.name)", "is defined twice")
        }
    }

    private static func validate(_ key: Key) throws(ValidationError) {
        guard key.hand == 0 || key.hand == 1 else { throw ValidationError(field: "hand", "must be 0 (left) or 1 (right) (got \(key.hand))") }
        guard (0...4).contains(key.finger) else {
            throw ValidationError(field: "finger", "must be 0 (thumb) ... 4 (pinky) (got \(key.finger))")
        }
        guard (0...64).contains(key.row) else { throw ValidationError(field: "row", "must be 0 ... 64 (got \(key.row))") }
        guard (0...255).contains(key.col) else { throw ValidationError(field: "col", "must be 0 ... 255 (got \(key.col))") }
        for (field, value) in [("x", key.x), ("y", key.y)] where !(value.isFinite && abs(value) <= maxCoordinate) {
            throw ValidationError(field: field, "must be a finite number within ±\(Int(maxCoordinate)) (got \(describe(value)))")
        }
        for (field, value) in [("w", key.width), ("h", key.height)] where !(value.isFinite && value > 0 && value <= 20) {
            throw ValidationError(field: field, "must be above 0 and at most 20 (got \(describe(value)))")
        }
        guard key.rotation.isFinite && abs(key.rotation) <= 360 else {
            throw ValidationError(field: "r", "must be a number of degrees within ±360 (got \(describe(key.rotation)))")
        }
        for (field, value) in [("rx", key.rotationOriginX), ("ry", key.rotationOriginY)] where !(value.isFinite && abs(value) <= maxCoordinate) {
            throw ValidationError(field: field, "must be a finite number within ±\(Int(maxCoordinate)) (got \(describe(value)))")
        }
    }
}
