import KeyForgeAdapters
import KeyForgeWire

/// The hive's dashboard (`GET /`): one HTML page, its script (`/dashboard.js`) and style sheet
/// (`/dashboard.css`), the files of `web/dashboard` embedded in the binary; no build step, nothing from
/// another origin.
///
/// The three files hold no data and are public. The page reads the public job routes and the
/// `GET /events` stream, and asks for the shared secret only for `GET /cluster/stats` (kept in the
/// tab's sessionStorage, sent only in an Authorization header; docs/OPERATIONS.md, "Dashboard").
public enum HiveDashboard {
    /// Only this origin's script, style and fetches; no inline script or style, no framing, no form
    /// submission (the secret field is read by the script and can never be posted or put in a URL), and
    /// Trusted Types so that no string can become markup (the script builds nodes, never innerHTML).
    public static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'",
    ].joined(separator: "; ")

    /// The headers every dashboard file carries besides its Content-Type.
    public static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-cache"),
    ]

    /// `GET /`: `web/dashboard/index.html`.
    public static let page = file("dashboard/index.html")
    /// `GET /dashboard.js`: `web/dashboard/dashboard.js`.
    public static let script = file("dashboard/dashboard.js")
    /// `GET /dashboard.css`: `web/dashboard/dashboard.css`.
    public static let styleSheet = file("dashboard/dashboard.css")

    /// The answer serving the embedded web file `name` (its path under `web/`): its bytes with their
    /// Content-Type and the security headers. A name that is not embedded, or of a type not served, is
    /// a build that missed `make embed`: 500, never an empty page.
    package static func file(_ name: String) -> HTTPResponse {
        guard let bytes = EmbeddedWebFiles.bytes(name), let contentType = EmbeddedWebFiles.contentType(of: name) else {
            return .error(500, "web/\(name) is not embedded in this binary (run `make embed`)")
        }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", contentType)] + securityHeaders), body: bytes)
    }
}
