import KeyForgeAdapters
import KeyForgeWire

/// The hive's dashboard (`GET /`): one HTML page, its script (`/dashboard.js`) and style sheet
/// (`/dashboard.css`), embedded in the binary as text; no build step, nothing from another origin.
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

    /// `GET /`.
    public static let page = file(pageHTML, contentType: "text/html; charset=utf-8")
    /// `GET /dashboard.js`.
    public static let script = file(scriptText, contentType: "text/javascript; charset=utf-8")
    /// `GET /dashboard.css`.
    public static let styleSheet = file(styleText, contentType: "text/css; charset=utf-8")

    private static func file(_ text: String, contentType: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", contentType)] + securityHeaders), body: Array(text.utf8))
    }
}
