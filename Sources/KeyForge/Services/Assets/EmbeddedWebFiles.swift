/// The files of the web pages the binary serves (the repository's `web/` folder, one folder per page,
/// embedded next to the default assets by `make embed` as `web/<page>/<file>`), so a page needs nothing
/// beside the binary and loads nothing from another origin.
///
/// Adding a file is dropping it into its page's folder and running `make embed`; its name here is its
/// path under `web/` (`dashboard/index.html`). Lookups never touch the file system.
package enum EmbeddedWebFiles {
    /// The prefix of the web files among the embedded paths.
    private static let prefix = "web/"

    /// Content-Type by file extension; a file of any other extension is not served.
    private static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
    ]

    /// Every embedded web file, as its path under `web/`, in byte order.
    package static var names: [String] {
        EmbeddedAssets.paths.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The bytes of `web/<name>`, or nil when no such file is embedded.
    package static func bytes(_ name: String) -> [UInt8]? {
        EmbeddedAssets.bytes(prefix + name)
    }

    /// The Content-Type `name` is served with, from its extension (`text/javascript; charset=utf-8` for
    /// `dashboard/dashboard.js`), or nil for an extension that has none here.
    package static func contentType(of name: String) -> String? {
        let file = name.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return nil }
        return contentTypes[String(file[file.index(after: dot)...]).lowercased()]
    }
}
