import CShims

/// The default assets compiled into the binary (`data/system`, embedded by `.incbin` in CShims),
/// so the client works offline with no files around it. The same table holds the hive's migrations
/// (`migrations/<name>`) and the web pages (`web/<page>/<file>`, read through `EmbeddedWebFiles`).
public enum EmbeddedAssets {
    /// The embedded paths (relative to `data/system`; `migrations/...` and `web/...` besides), in byte order.
    public static var paths: [String] {
        (0..<kf_embedded_asset_count()).map { String(cString: kf_embedded_asset_at($0).path) }
    }

    /// The bytes of the embedded asset at `path`, or nil.
    public static func bytes(_ path: String) -> [UInt8]? {
        for index in 0..<kf_embedded_asset_count() {
            let asset = kf_embedded_asset_at(index)
            if String(cString: asset.path) == path {
                return Array(UnsafeBufferPointer(start: asset.bytes, count: Int(asset.length)))
            }
        }
        return nil
    }

    /// The names under `folder` (one level: `keyboards` gives `ansi.json`, ...; `corpora/text` gives `en_std`).
    public static func names(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var names: [String] = []
        for path in paths where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            let name = String(rest.prefix { $0 != "/" })
            if names.last != name { names.append(name) }
        }
        return names
    }
}
