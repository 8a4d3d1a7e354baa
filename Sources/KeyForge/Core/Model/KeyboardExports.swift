/// Where a board's keys go in other tools' keymaps; each part is optional (`export` refuses a format
/// whose part is missing).
public struct KeyboardExports: Equatable, Sendable {
    /// The QMK keyboard, its layout macro and the macro's arguments.
    public var qmk: KeymapSlots?
    /// The ZMK shield and its bindings' order.
    public var zmk: KeymapSlots?
    /// One XKB key name per board key (`AD01`, `SPCE`), nil for a key the symbols file leaves out;
    /// only row-staggered, ANSI- or ISO-like boards have one.
    public var xkbKeys: [String?]?

    /// Creates the export data; all parts are absent by default.
    public init(qmk: KeymapSlots? = nil, zmk: KeymapSlots? = nil, xkbKeys: [String?]? = nil) {
        self.qmk = qmk
        self.zmk = zmk
        self.xkbKeys = xkbKeys
    }

    /// Checks every part against a board of `keyCount` keys.
    public func validate(keyCount: Int) throws(ValidationError) {
        do throws(ValidationError) { try qmk?.validate(keyCount: keyCount) } catch { throw error.nested(under: "qmk") }
        do throws(ValidationError) { try zmk?.validate(keyCount: keyCount) } catch { throw error.nested(under: "zmk") }
        if qmk != nil && qmk?.layoutMacro == nil { throw ValidationError(field: "qmk.layout", "is missing") }
        guard let xkbKeys else { return }
        if xkbKeys.count != keyCount {
            throw ValidationError(field: "xkb.keys", "has \(xkbKeys.count) entries for \(keyCount) keys")
        }
        for (index, name) in xkbKeys.enumerated() {
            guard let name else { continue }
            let isKeyName = (1...4).contains(name.unicodeScalars.count)
                && name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            if !isKeyName {
                throw ValidationError(field: "xkb.keys[\(index)]", "\"\(name)\" is not an XKB key name (1-4 upper-case letters or digits, like AD01)")
            }
        }
    }
}
