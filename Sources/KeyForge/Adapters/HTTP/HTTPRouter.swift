import KeyForgeWire

/// Where a handler runs: on the loop thread (quick, never blocking) or on the worker pool (SQL, files).
public enum HTTPHandlerMode: Sendable {
    /// Runs on the event loop's thread; must not block.
    case inline
    /// Runs on the server's bounded worker pool; the response is handed back to the loop.
    case blocking
}

/// A handler: a request in, a response out.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse

/// Collects routes (`GET /jobs/:id`), then freezes into an immutable `HTTPResponder`.
public struct HTTPRouter: Sendable {
    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        var mode: HTTPHandlerMode
        var handler: HTTPHandler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// `*name` as the last segment: the rest of the path, slashes included.
        case rest(String)
    }

    private var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Adds a route; `:name` segments capture one segment, a final `*name` captures the rest of the path.
    public mutating func add(_ method: String, _ pattern: String, mode: HTTPHandlerMode = .inline, _ handler: @escaping HTTPHandler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method.uppercased(), segments: segments, mode: mode, handler: handler))
    }

    /// Adds a GET route (HEAD is answered by it too, without the body).
    public mutating func get(_ pattern: String, mode: HTTPHandlerMode = .inline, _ handler: @escaping HTTPHandler) {
        add("GET", pattern, mode: mode, handler)
    }

    /// Adds a POST route.
    public mutating func post(_ pattern: String, mode: HTTPHandlerMode = .inline, _ handler: @escaping HTTPHandler) {
        add("POST", pattern, mode: mode, handler)
    }

    /// The routes as an immutable responder.
    public func freeze() -> HTTPResponder { HTTPResponder(routes: routes) }
}

/// The frozen routing table: finds the handler for a request. Tests call `respond(to:)` with no socket.
public struct HTTPResponder: Sendable {
    let routes: [HTTPRouter.Route]

    /// A matched route: where to run it and what to run (the request carries its parameters).
    public struct Match: Sendable {
        /// Inline or on the worker pool.
        public var mode: HTTPHandlerMode
        /// Runs the handler.
        public var run: @Sendable () -> HTTPResponse
    }

    /// The handler for `request`, or a 404/405 responder when none matches.
    public func match(_ request: HTTPRequest) -> Match {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.capture(route.segments, parts) else { continue }
            guard route.method == request.method || (request.method == "HEAD" && route.method == "GET") else {
                allowed.append(route.method)
                continue
            }
            var routed = request
            routed.parameters = parameters
            let handler = route.handler
            let finalRequest = routed
            return Match(mode: route.mode, run: { handler(finalRequest) })
        }
        if !allowed.isEmpty {
            let allow = Array(Set(allowed + (allowed.contains("GET") ? ["HEAD"] : []))).sorted().joined(separator: ", ")
            var refusal = HTTPResponse.error(405, "method \(request.method) not allowed on \(request.path)")
            refusal.headers.append(name: "Allow", value: allow)
            let response = refusal
            return Match(mode: .inline, run: { response })
        }
        let path = request.path
        return Match(mode: .inline, run: { HTTPResponse.error(404, "no route for \(path)") })
    }

    /// Runs the matching handler right here, whatever its mode (for tests and in-process callers).
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        var response = match(request).run()
        while case .deferred(let work) = response.body { response = work() }
        return response
    }

    private static func capture(_ segments: [HTTPRouter.Segment], _ parts: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                guard index < parts.count else { return nil }
                parameters[name] = parts[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = HTTPRequest.percentDecoded(Substring(parts[index]))
            }
        }
        return segments.count == parts.count ? parameters : nil
    }
}
