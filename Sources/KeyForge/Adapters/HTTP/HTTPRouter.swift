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

/// A check of a request's head, run before its body is read (the hive's auth): nil lets the request
/// through, a response refuses it. It sees the head only (the request's body is empty) and runs on the
/// loop thread, so it must be quick.
public typealias HTTPHeadCheck = @Sendable (HTTPRequest) -> HTTPResponse?

/// Collects routes (`GET /jobs/:id`), then freezes into an immutable `HTTPResponder`.
public struct HTTPRouter: Sendable {
    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        var mode: HTTPHandlerMode
        /// The largest body this route reads; nil for the server's limit (`HTTPLimits.maxBodyBytes`).
        var maxBodyBytes: Int?
        var check: HTTPHeadCheck?
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
    /// `maxBodyBytes` is the largest body the route reads (nil: the server's limit; a larger body is 413
    /// from the head); `check` runs on the head before any body byte is read (docs/ARCHITECTURE.md section 4).
    public mutating func add(_ method: String, _ pattern: String, mode: HTTPHandlerMode = .inline, maxBodyBytes: Int? = nil,
                             check: HTTPHeadCheck? = nil, _ handler: @escaping HTTPHandler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method.uppercased(), segments: segments, mode: mode, maxBodyBytes: maxBodyBytes,
                            check: check, handler: handler))
    }

    /// Adds a GET route (HEAD is answered by it too, without the body). A GET reads no body: any body is 413.
    public mutating func get(_ pattern: String, mode: HTTPHandlerMode = .inline, check: HTTPHeadCheck? = nil,
                             _ handler: @escaping HTTPHandler) {
        add("GET", pattern, mode: mode, maxBodyBytes: 0, check: check, handler)
    }

    /// Adds a POST route.
    public mutating func post(_ pattern: String, mode: HTTPHandlerMode = .inline, maxBodyBytes: Int? = nil,
                              check: HTTPHeadCheck? = nil, _ handler: @escaping HTTPHandler) {
        add("POST", pattern, mode: mode, maxBodyBytes: maxBodyBytes, check: check, handler)
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

    /// What the head of `request` alone decides (its body is not looked at): a refusal (404, 405, or the
    /// route's head check), or the route with the largest body it reads.
    public func admit(_ request: HTTPRequest) -> HTTPAdmission {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.capture(route.segments, parts) else { continue }
            guard route.method == request.method || (request.method == "HEAD" && route.method == "GET") else {
                allowed.append(route.method)
                continue
            }
            if let check = route.check, let refusal = check(request) { return .refused(refusal) }
            return .admitted(HTTPAdmission.Route(mode: route.mode, maxBodyBytes: route.maxBodyBytes,
                                                 parameters: parameters, handler: route.handler))
        }
        if !allowed.isEmpty {
            let allow = Array(Set(allowed + (allowed.contains("GET") ? ["HEAD"] : []))).sorted().joined(separator: ", ")
            var refusal = HTTPResponse.error(405, "method \(request.method) not allowed on \(request.path)")
            refusal.headers.append(name: "Allow", value: allow)
            return .refused(refusal)
        }
        return .refused(HTTPResponse.error(404, "no route for \(request.path)"))
    }

    /// The handler for a whole `request` (head and body): what `admit` decides, then the route's body limit.
    public func match(_ request: HTTPRequest) -> Match {
        switch admit(request) {
        case .refused(let response):
            return Match(mode: .inline, run: { response })
        case .admitted(let route):
            if let limit = route.maxBodyBytes, request.body.count > limit {
                let response = HTTPAdmission.bodyTooLarge(limit: limit)
                return Match(mode: .inline, run: { response })
            }
            return route.match(request)
        }
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
