import KeyForgeAdapters
import KeyForgeWire

/// The playground's page (`GET /play`), script and style sheet: the files of `web/play` embedded in
/// the binary, served with a strict policy (this origin only, no inline script or style, no framing).
package enum PlayPage {
    /// Only this origin's script, style, images and fetches. The board arrives as SVG text from
    /// `/api/render` and is parsed as XML (DOMParser), so Trusted Types are not required here as they are
    /// on the dashboard; `blob:` images are the PNG download drawn from that SVG.
    package static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    /// `GET /play`.
    package static let page = file("play/index.html")
    /// `GET /play/{file}`: a file of `web/play` (its script modules and style sheet); 404 for any other name
    /// (a name is a lookup among the embedded files, never a path).
    package static func asset(_ name: String) -> HTTPResponse {
        guard !name.isEmpty, EmbeddedWebFiles.bytes("play/" + name) != nil else { return .error(404, "no file /play/\(name)") }
        return file("play/" + name)
    }

    private static func file(_ name: String) -> HTTPResponse {
        var response = HiveDashboard.file(name)
        guard response.status == 200 else { return response }
        response.headers = HTTPHeaders(response.headers.fields.map { field in
            field.name == "Content-Security-Policy" ? (field.name, contentSecurityPolicy) : field
        })
        return response
    }
}
