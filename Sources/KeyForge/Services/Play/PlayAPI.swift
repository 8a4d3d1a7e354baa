import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// The playground's routes (docs/API.md): the page, and a JSON API over the same services the CLI
/// uses (`LayoutArgument.resolve`, the exact scorer, `ReportJSON`, `Comparison`, `LayoutPicture`,
/// `LayoutExport`, `SearchRunner`). `keyforge play` serves them alone; the hive mounts them beside its
/// own, with the search routes behind its secret.
///
/// Every route checks its input as the CLI checks its options: a mistake is 400 with the reason, never
/// a crash; bodies are at most `PlayRequest.maxBodyBytes`. Layouts are names or strings, never `@FILE`,
/// and assets are identifiers, never paths: a request cannot make the server read a file.
package final class PlayAPI: Sendable {
    package let assets: PlayAssets
    package let searches = PlaySearches()

    /// The API over `catalog` (restricted to identifiers).
    package init(catalog: AssetCatalog) {
        assets = PlayAssets(catalog: catalog)
    }

    /// Adds the page and the API to `router`; `searchCheck` guards starting and stopping searches (the
    /// hive's secret), nil for none (`keyforge play` on the loopback).
    package func register(into router: inout HTTPRouter, searchCheck: HTTPHeadCheck? = nil) {
        let limit = PlayRequest.maxBodyBytes
        router.get("/play") { _ in PlayPage.page }
        router.get("/play/:file") { request in PlayPage.asset(request.parameters["file"] ?? "") }
        router.get("/api/boards", mode: .blocking) { [self] _ in answer { () throws(InputError) in try boards() } }
        router.post("/api/boards/import", mode: .blocking, maxBodyBytes: PlayUploads.maxBytes) { [self] request in
            answer { () throws(InputError) in try importBoard(request) }
        }
        router.get("/api/boards/uploaded/:id") { [self] request in uploaded(request.parameters["id"] ?? "") }
        router.get("/api/layouts", mode: .blocking) { [self] request in answer { () throws(InputError) in try layouts(request) } }
        router.get("/api/corpora", mode: .blocking) { [self] _ in corpora() }
        router.get("/api/rubric") { _ in PlayAPI.rubric() }
        router.get("/api/render", mode: .blocking) { [self] request in answer { () throws(InputError) in try render(request) } }
        router.post("/api/analyze", mode: .blocking, maxBodyBytes: limit) { [self] request in answer { () throws(InputError) in try analyze(request) } }
        router.post("/api/swap", mode: .blocking, maxBodyBytes: limit) { [self] request in answer { () throws(InputError) in try swap(request) } }
        router.post("/api/compare", mode: .blocking, maxBodyBytes: limit) { [self] request in answer { () throws(InputError) in try compare(request) } }
        router.post("/api/export", mode: .blocking, maxBodyBytes: limit) { [self] request in answer { () throws(InputError) in try export(request) } }
        router.post("/api/search", mode: .blocking, maxBodyBytes: limit, check: searchCheck) { [self] request in
            answer { () throws(InputError) in try startSearch(request) }
        }
        router.get("/api/search/:id/events") { [self] request in searchEvents(request) }
        router.post("/api/search/:id/stop", maxBodyBytes: limit, check: searchCheck) { [self] request in
            searches.stop(request.parameters["id"] ?? "") ? .json(.object(JSONObject([("stopping", .bool(true))])))
                : .error(404, "no search \(request.parameters["id"] ?? "")")
        }
    }

    /// Runs a route's work: an `InputError` is 400 with its text (a missing asset too: the name is the mistake).
    private func answer(_ work: () throws(InputError) -> HTTPResponse) -> HTTPResponse {
        do { return try work() } catch {
            switch error.kind {
            case .io, .unavailable, .cannotCreate: return .error(500, error.description)
            case .invalid, .missing: return .error(400, error.description)
            }
        }
    }

    // MARK: lists

    /// `GET /api/boards`: every shipped board (and the workspace's) with its key count and reference layouts.
    func boards() throws(InputError) -> HTTPResponse {
        var names = assets.catalog.keyboardNames
        for folder in assets.catalog.folders {
            for file in (try? FileSystem.listDirectory("\(folder)/keyboards")) ?? [] where file.hasSuffix(".json") {
                let name = String(file.dropLast(5))
                if !names.contains(name) && HiveAssetIdentifier.isName(name) { names.append(name) }
            }
        }
        var boards: [JSONValue] = []
        for name in names.sorted() {
            guard let keyboard = try? assets.keyboard(name) else { continue }
            var object = JSONObject()
            object.append("name", .string(keyboard.name))
            object.append("description", .string(keyboard.description))
            object.append("keys", .int(Int64(keyboard.keys.count)))
            object.append("alpha_keys", .int(Int64(keyboard.alphaKeys.count)))
            object.append("layouts", .array(keyboard.referenceLayouts.map { .string($0.name) }))
            boards.append(.object(object))
        }
        return .json(.object(JSONObject([("boards", .array(boards))])))
    }

    /// `POST /api/boards/import[?format=kle|qmk&layout=LAYOUT_name&file=NAME]` with the file's bytes as the
    /// body: the board `keyboard import` makes of it, kept in memory under `upload-<12 hex>` (`PlayUploads`).
    func importBoard(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        var format: BoardImport.Format?
        if let name = request.queryValue("format"), !name.isEmpty {
            guard let chosen = BoardImport.Format(rawValue: name) else { throw InputError(.invalid, source: "format", "must be kle or qmk (got '\(name)')") }
            format = chosen
        }
        let macro = request.queryValue("layout").flatMap { $0.isEmpty ? nil : $0 }
        if let macro, macro.count > 64 || !macro.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }) {
            throw InputError(.invalid, source: "layout", "must be a LAYOUT macro name (letters, digits and _)")
        }
        let upload = try assets.importBoard(request.body, format: format, fileName: Self.uploadFileName(request.queryValue("file")), layoutMacro: macro)
        return .json(.object(Self.describe(upload)))
    }

    /// `GET /api/boards/uploaded/{id}`: `{"id", "present": false}` when the board is no longer kept (a
    /// server restarted since), else `present: true` and what the import answered. Always 200, so a page
    /// reopening a link can tell a lost upload from a mistake without an error in its console.
    func uploaded(_ id: String) -> HTTPResponse {
        guard PlayUploads.isUploadID(id), let upload = assets.uploads.upload(id) else {
            return .json(.object(JSONObject([("id", .string(String(id.prefix(40)))), ("present", .bool(false))])))
        }
        return .json(.object(Self.describe(upload)))
    }

    static func describe(_ upload: PlayUploads.Upload) -> JSONObject {
        let keyboard = upload.keyboard
        var object = JSONObject()
        object.append("id", .string(upload.id))
        object.append("present", .bool(true))
        object.append("keyboard", .string(keyboard.name))
        object.append("description", .string(keyboard.description))
        object.append("format", .string(upload.format.rawValue))
        object.append("keys", .int(Int64(keyboard.keys.count)))
        object.append("alpha_keys", .int(Int64(keyboard.alphaKeys.count)))
        object.append("layouts", .array(keyboard.referenceLayouts.map { .string($0.name) }))
        object.append("guesses", .array(upload.guesses.map(JSONValue.string)))
        return object
    }

    /// The dropped file's name as errors and the board's description give it: its last path part, letters,
    /// digits, `.`, `-` and `_` only (others become `_`), at most 64 characters; `upload.json` when none.
    static func uploadFileName(_ raw: String?) -> String {
        let last = raw.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let cleaned = String(last.unicodeScalars.prefix(64).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload.json" : cleaned
    }

    /// `GET /api/layouts?keyboard=NAME`: the layouts `--layout NAME` resolves on that board, as token strings:
    /// the board's references, then every library layout that fits it (`source` says which; as
    /// `analyze --all --library` takes them, a library layout named like a reference is left to the reference).
    func layouts(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let keyboard = try assets.keyboard(request.queryValue("keyboard") ?? "corne")
        let keycodes = assets.catalog.keycodes
        var list: [JSONValue] = []
        for reference in keyboard.referenceLayouts {
            let (_, layout) = try LayoutArgument.resolve(reference.name, keyboard: keyboard, keycodes: keycodes)
            list.append(.object(JSONObject([("name", .string(reference.name)), ("layout", .string(layout.tokenString)), ("source", .string("board"))])))
        }
        let references = Set(keyboard.referenceLayouts.map(\.name))
        for entry in LayoutLibrary.shipped.layouts where !references.contains(entry.name) {
            guard let layout = try? entry.layout(on: keyboard, keycodes: keycodes) else { continue }
            list.append(.object(JSONObject([("name", .string(entry.name)), ("layout", .string(layout.tokenString)), ("source", .string("library"))])))
        }
        return .json(.object(JSONObject([("keyboard", .string(keyboard.name)), ("layouts", .array(list))])))
    }

    /// `GET /api/corpora`: every corpus id the catalog loads, and where it lives.
    func corpora() -> HTTPResponse {
        var seen = Set<String>()
        let list = assets.catalog.corpusLocations().filter { seen.insert($0.id).inserted }.map { item -> JSONValue in
            .object(JSONObject([("id", .string(item.id)), ("location", .string(item.location == "embedded" ? "embedded" : "workspace"))]))
        }
        return .json(.object(JSONObject([("default", .string("text/en_std")), ("corpora", .array(list))])))
    }

    /// `GET /api/rubric`: every weight with its default and range, for the weights panel.
    static func rubric() -> HTTPResponse {
        let parameters = Rubric.parameters.map { parameter -> JSONValue in
            .object(JSONObject([("name", .string(parameter.name)), ("default", ReportJSON.number(parameter.defaultValue)),
                                ("minimum", ReportJSON.number(parameter.minimum)), ("maximum", ReportJSON.number(parameter.maximum)),
                                ("integer", .bool(parameter.isInteger)), ("summary", .string(parameter.summary))]))
        }
        return .json(.object(JSONObject([("parameters", .array(parameters)),
                                         ("effort", .array(Rubric.defaultEffort.map(ReportJSON.number)))])))
    }

    // MARK: scoring

    /// Resolves the request's `layout` (a reference name or a layout string, as `--layout` takes them).
    func layout(_ text: String, on keyboard: Keyboard) throws(InputError) -> (String, Layout) {
        if text.hasPrefix("@") { throw InputError(.invalid, source: "layout", "@FILE is for the command line; send the layout string") }
        return try LayoutArgument.resolve(text, keyboard: keyboard, keycodes: assets.catalog.keycodes)
    }

    /// `POST /api/analyze {keyboard, corpus, rubric, layout}`: what `analyze --json` prints.
    func analyze(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let body = try PlayRequest(request.body, allowed: ["layout", "layers", "magic"])
        let entry = try assets.entry(body.assets)
        let (name, parsed) = try layout(body, on: entry.loaded.keyboard)
        return .json(ReportJSON.encodeWithExtras(entry.loaded.scorer.analyze(parsed), context: entry.loaded.context(name, parsed)))
    }

    /// `POST /api/swap {keyboard, corpus, rubric, layout, swap: [a, b], heat}`: the layout with keys a and b
    /// exchanged, the optimized tier's delta as `preview`, the exact report of the new layout, and with
    /// `heat` its picture (`svg`, what `/api/render` draws for it).
    func swap(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let body = try PlayRequest(request.body, allowed: ["layout", "layers", "magic", "swap", "heat"])
        let heat = try body.string("heat").map { name throws(InputError) -> KeyboardSVG.Heat in
            guard let heat = KeyboardSVG.Heat(rawValue: name) else { throw InputError(.invalid, source: "heat", "must be usage, cost or none (got '\(name)')") }
            return heat
        }
        guard let keys = try body.integers("swap") else { throw InputError(.invalid, source: "swap", "is required: [key, key]") }
        guard keys.count == 2 else { throw InputError(.invalid, source: "swap", "needs two key indexes (got \(keys.count))") }
        let entry = try assets.entry(body.assets)
        let keyboard = entry.loaded.keyboard
        try PlayRequest.checkKeys(keys, count: keyboard.keys.count, field: "swap")
        let (_, start) = try layout(body, on: keyboard)
        let swapped = start.swapping(keys[0], keys[1])
        var object = JSONObject()
        object.append("layout", .string(swapped.tokenString))
        if let layers = LayoutExtrasJSON.encodeLayers(swapped) { object.append("layers", layers) }
        if let magic = LayoutExtrasJSON.encodeMagic(swapped) { object.append("magic", magic) }
        // The optimized tier's delta (it scores layers, REPEAT and MAGIC too); no preview if it refuses the layout.
        if let state = try? entry.optimized.state(start) {
            let raw = entry.optimized.rawScore(state) + entry.optimized.swapDelta(state, keys[0], keys[1])
            object.append("preview", .object(JSONObject([("score", ReportJSON.number(FixedPoint.toDouble(entry.optimized.normalized(raw).total)))])))
        }
        let report = entry.loaded.scorer.analyze(swapped)
        object.append("report", ReportJSON.encodeWithExtras(report, context: entry.loaded.context("custom", swapped)))
        if let heat {
            // The picture of the same report, so the page redraws with the numbers in one frame.
            let title = LayoutPicture.title(entry.loaded, layoutName: "custom", report: report, heat: heat)
            let panel = LayoutPicture.panel(title: title, layout: swapped, report: report, heat: heat)
            object.append("svg", .string(KeyboardSVG.render(keyboard: keyboard, panels: [panel])))
        }
        return .json(.object(object))
    }

    /// `POST /api/compare {keyboard, corpus, rubric, layouts: [2 ... 3]}`: what `compare --json` prints.
    func compare(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let body = try PlayRequest(request.body, allowed: ["layouts"])
        guard case .array(let items)? = body.fields["layouts"], (2...3).contains(items.count) else {
            throw InputError(.invalid, source: "layouts", "needs two or three layouts")
        }
        let entry = try assets.entry(body.assets)
        return try compareLayouts(items, entry: entry)
    }

    /// `GET /api/render?keyboard&layout[&corpus&rubric&heat=usage|cost|none&base=LAYOUT&title]`: the SVG `render`
    /// draws (with `base`, the comparison panel `compare --svg` draws: moved keys outlined, arrows). `rubric`
    /// is a name or a JSON object of weights, as in the bodies.
    func render(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let heatName = request.queryValue("heat") ?? "usage"
        guard let heat = KeyboardSVG.Heat(rawValue: heatName) else {
            throw InputError(.invalid, source: "heat", "must be usage, cost or none (got '\(heatName)')")
        }
        var names = PlayRequest.Assets()
        if let keyboard = request.queryValue("keyboard"), !keyboard.isEmpty { names.keyboard = keyboard }
        if let corpus = request.queryValue("corpus"), !corpus.isEmpty { names.corpus = corpus }
        if let rubric = request.queryValue("rubric"), !rubric.isEmpty {
            // A name, or the weights object the POST routes take (the page's edited weights).
            if rubric.hasPrefix("{") {
                let value: JSONValue
                do { value = try JSONParser.parse(rubric, limits: PlayRequest.jsonLimits) } catch { throw InputError.malformedJSON("rubric", error) }
                guard case .object(let weights) = value else { throw InputError(.invalid, source: "rubric", "must be a name or an object of weights") }
                names.rubric = .weights(weights)
            } else {
                names.rubric = .named(rubric)
            }
        }
        guard let text = request.queryValue("layout"), !text.isEmpty else { throw InputError(.invalid, source: "layout", "is required") }
        let extras = try queryExtras(request)
        let title = request.queryValue("title").map { String($0.prefix(120)) }
        let panel: KeyboardSVG.Panel
        let keyboard: Keyboard
        if heat == .none {
            keyboard = try assets.keyboard(names.keyboard)
            let (name, parsed) = try layout(text, extras: extras, on: keyboard)
            panel = KeyboardSVG.Panel(title: title ?? "\(keyboard.name) · \(name)", layout: parsed)
            if let base = request.queryValue("base"), !base.isEmpty {
                let (_, baseLayout) = try layout(base, on: keyboard)
                return svg(keyboard, LayoutPicture.marked(panel, against: baseLayout))
            }
            return svg(keyboard, panel)
        }
        let entry = try assets.entry(names)
        keyboard = entry.loaded.keyboard
        let (name, parsed) = try layout(text, extras: extras, on: keyboard)
        let report = entry.loaded.scorer.analyze(parsed)
        let heading = title ?? LayoutPicture.title(entry.loaded, layoutName: name, report: report, heat: heat)
        if let base = request.queryValue("base"), !base.isEmpty {
            let (_, baseLayout) = try layout(base, on: keyboard)
            return svg(keyboard, LayoutPicture.comparisonPanel(title: heading, base: baseLayout, layout: parsed, report: report, heat: heat))
        }
        return svg(keyboard, LayoutPicture.panel(title: heading, layout: parsed, report: report, heat: heat))
    }

    private func svg(_ keyboard: Keyboard, _ panel: KeyboardSVG.Panel) -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "image/svg+xml"), ("Cache-Control", "no-cache"),
                                                        ("X-Content-Type-Options", "nosniff")]),
                     body: Array(KeyboardSVG.render(keyboard: keyboard, panels: [panel]).utf8))
    }

    /// `POST /api/export {keyboard, layout, format}`: what `keyforge export --format F` writes.
    func export(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let body = try PlayRequest(request.body, allowed: ["layout", "layers", "magic", "format"])
        let formatName = try body.requiredString("format")
        guard let format = LayoutExport.Format(rawValue: formatName) else {
            throw InputError(.invalid, source: "format", "must be one of \(LayoutExport.Format.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(formatName)')")
        }
        let keyboard = try assets.keyboard(body.assets.keyboard)
        let (name, parsed) = try layout(body, on: keyboard)
        let input = try LayoutExport.fresh(LayoutExport.Input(keyboard: keyboard, layout: parsed, layoutName: name),
                                           format: format, catalog: assets.catalog)
        let text = try LayoutExport.render(format, input)
        let file = Self.exportFileName(format, keyboard: keyboard.name)
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"),
                                                               ("Content-Disposition", "attachment; filename=\"\(file)\"")]),
                            body: Array(text.utf8))
    }

    /// The name a downloaded export is saved under.
    static func exportFileName(_ format: LayoutExport.Format, keyboard: String) -> String {
        switch format {
        case .qmk: return "keymap.c"
        case .qmkJSON: return "keymap.json"
        case .zmk: return "\(keyboard).keymap"
        case .kle: return "\(keyboard)-kle.json"
        case .xkb: return "\(keyboard).xkb"
        case .dof: return "\(keyboard).dof"
        }
    }

    // MARK: search

    /// `POST /api/search {keyboard, corpus, rubric, layout, pins: [key...], seconds, seed}`: starts a search
    /// of the alpha block (pinned keys stay), answers `{"id"}`; follow `GET /api/search/{id}/events`.
    func startSearch(_ request: HTTPRequest) throws(InputError) -> HTTPResponse {
        let body = try PlayRequest(request.body, allowed: ["layout", "layers", "magic", "pins", "seconds", "seed"])
        let seconds = try body.double("seconds") ?? 10
        guard seconds > 0 && seconds <= PlaySearches.maxSeconds else {
            throw InputError(.invalid, source: "seconds", "must be above 0 and at most \(Int(PlaySearches.maxSeconds))")
        }
        let seed = try body.double("seed").map { value throws(InputError) -> UInt64 in
            guard value >= 0, value < 9.0e15, value.rounded() == value else { throw InputError(.invalid, source: "seed", "must be a whole number 0 ... 9e15") }
            return UInt64(value)
        } ?? SearchRunner.clockSeed()
        let entry = try assets.entry(body.assets)
        let keyboard = entry.loaded.keyboard
        let (_, start) = try layout(body, on: keyboard)
        let pins = try body.integers("pins") ?? []
        try PlayRequest.checkKeys(pins, count: keyboard.keys.count, field: "pins")
        let movable = try SearchSelection.movableKeys(keyboard: keyboard, layout: start, scope: .alpha,
                                                     pin: pins.isEmpty ? nil : pins.map(String.init).joined(separator: " "), free: nil,
                                                     keycodes: assets.catalog.keycodes)
        guard movable.count >= 2 else { throw InputError(.invalid, source: "pins", "leave at least two keys of the alpha block free to move") }
        guard let id = searches.start(entry: entry, start: start, movable: movable, seconds: seconds, seed: seed) else {
            var refusal = HTTPResponse.error(503, "\(PlaySearches.maxRunning) searches are running; stop one or wait")
            refusal.headers.append(name: "Retry-After", value: "5")
            return refusal
        }
        return .json(.object(JSONObject([("id", .string(id)), ("seed", .int(Int64(seed))), ("movable_keys", .int(Int64(movable.count)))])))
    }

    /// `GET /api/search/{id}/events`: the search's events from its start (see `PlaySearches`).
    func searchEvents(_ request: HTTPRequest) -> HTTPResponse {
        guard let stream = searches.events(request.parameters["id"] ?? "") else {
            return .error(404, "no search \(request.parameters["id"] ?? "")")
        }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]),
                            stream: stream)
    }

    /// Stops every search and ends its streams (server shutdown).
    package func shutdown() { searches.stopAll() }
}
