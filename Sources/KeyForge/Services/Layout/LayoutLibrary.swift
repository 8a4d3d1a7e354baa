import KeyForgeCore
import KeyForgeWire

/// The layout library shipped in the binary (`layouts/library.json`, made by scripts/layout_library.py):
/// well-known layouts with where each was read, for `keyforge layouts` and every `--layout NAME`.
public struct LayoutLibrary: Sendable {
    /// The embedded path of the library.
    public static let assetPath = "layouts/library.json"

    /// The layouts, sorted by name.
    public let layouts: [LibraryLayout]

    /// Wraps already decoded layouts.
    public init(layouts: [LibraryLayout]) {
        self.layouts = layouts.sorted { $0.name < $1.name }
    }

    /// The library in the binary, decoded once. An unreadable embedded library is a build error, caught by the
    /// tests; at run time it reads as empty rather than stopping every verb.
    public static let shipped: LayoutLibrary = {
        guard let bytes = EmbeddedAssets.bytes(assetPath), let library = try? LayoutLibraryCodec.decode(bytes, source: assetPath) else {
            return LayoutLibrary(layouts: [])
        }
        return library
    }()

    /// The layout called `name`: exact, else case-insensitive with `_` and spaces read as `-`.
    public func layout(named name: String) -> LibraryLayout? {
        if let exact = layouts.first(where: { $0.name == name }) { return exact }
        let key = LayoutLibrary.normalize(name)
        return layouts.first { $0.name == key }
    }

    /// The layouts whose name, author, link or provenance contains `text` (case-insensitive), or whose block
    /// contains `text` as a run of letters (`--search arst` finds the Colemak home rows).
    public func search(_ text: String) -> [LibraryLayout] {
        let needle = text.lowercased()
        if needle.isEmpty { return layouts }
        return layouts.filter { entry in
            let fields = [entry.name, entry.author ?? "", entry.link ?? "", entry.year.map(String.init) ?? "", entry.designedFor ?? ""]
                + entry.readFrom
            if fields.contains(where: { $0.lowercased().contains(needle) }) { return true }
            return entry.rows.contains { $0.joined().lowercased().contains(needle) }
        }
    }

    /// Up to `limit` names close to `name`, closest first: an edit distance of at most a third of its length, or
    /// one name starting with the other (`rsthd-ortho` -> `rsthd`).
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let key = LayoutLibrary.normalize(name)
        guard !key.isEmpty else { return [] }
        // (name, 0 when one name starts with the other, edit distance); prefix relations rank first.
        let scored = layouts.map { entry -> (String, Int, Int) in
            let prefix = min(entry.name.count, key.count) >= 3 && (entry.name.hasPrefix(key) || key.hasPrefix(entry.name))
            return (entry.name, prefix ? 0 : 1, LayoutLibrary.editDistance(key, entry.name))
        }
        let close = scored.filter { $0.1 == 0 || $0.2 <= max(1, key.count / 3) }
        return close.sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }.prefix(limit).map(\.0)
    }

    static func normalize(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
