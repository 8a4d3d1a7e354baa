/// What a request's head alone decides, before any body byte is read (docs/ARCHITECTURE.md section 4):
/// the server refuses at once, without buffering a body a stranger sent, or reads a body of at most the
/// route's limit and then runs the route.
public enum HTTPAdmission: Sendable {
    /// No route, a wrong method, or the route's head check said no: answer this.
    case refused(HTTPResponse)
    /// A route that takes the request; read its body (within `maxBodyBytes`), then `match` it.
    case admitted(Route)

    /// A route chosen from a head, with the parameters its pattern captured.
    public struct Route: Sendable {
        /// Inline or on the worker pool.
        public var mode: HTTPHandlerMode
        /// The largest body the route reads; nil for the server's limit.
        public var maxBodyBytes: Int?
        let parameters: [String: String]
        let handler: HTTPHandler

        /// The handler run on the whole `request` (its body read), with the captured parameters.
        public func match(_ request: HTTPRequest) -> HTTPResponder.Match {
            var routed = request
            routed.parameters = parameters
            let handler = handler
            let finalRequest = routed
            return HTTPResponder.Match(mode: mode, run: { handler(finalRequest) })
        }
    }

    /// The 413 for a body larger than a route reads.
    public static func bodyTooLarge(limit: Int) -> HTTPResponse {
        HTTPResponse.error(413, limit == 0 ? "this route takes no request body" : "this route takes a body of at most \(limit) bytes")
    }
}
