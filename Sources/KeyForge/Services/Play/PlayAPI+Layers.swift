import KeyForgeAdapters
import KeyForgeCore
import KeyForgeWire

/// The playground's layouts with layers, REPEAT/MAGIC keys and magic rules: every route that takes a
/// `layout` also takes `layers` and `magic` beside it (`LayoutExtrasJSON`, docs/API.md "Layers and magic").
extension PlayAPI {
    /// A request's `layers` and `magic`, as sent (nil: none).
    struct Extras {
        var layers: JSONValue?
        var magic: JSONValue?
    }

    /// The body's `layout` (required) with its `layers` and `magic`.
    func layout(_ body: PlayRequest, on keyboard: Keyboard) throws(InputError) -> (String, Layout) {
        try layout(body.requiredString("layout"), extras: Extras(layers: body.fields["layers"], magic: body.fields["magic"]), on: keyboard)
    }

    /// The layout `text` resolves to, with `extras` added and checked.
    func layout(_ text: String, extras: Extras, on keyboard: Keyboard) throws(InputError) -> (String, Layout) {
        let (name, base) = try layout(text, on: keyboard)
        let layout = try LayoutExtrasJSON.apply(layers: extras.layers, magic: extras.magic, to: base, keyboard: keyboard,
                                                keycodes: assets.catalog.keycodes)
        return (name, layout)
    }

    /// `layers` and `magic` of a GET query: each a JSON object, URL-encoded.
    func queryExtras(_ request: HTTPRequest) throws(InputError) -> Extras {
        var extras = Extras()
        for name in ["layers", "magic"] {
            guard let text = request.queryValue(name), !text.isEmpty else { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(text, limits: PlayRequest.jsonLimits) } catch { throw InputError.malformedJSON(name, error) }
            if name == "layers" { extras.layers = value } else { extras.magic = value }
        }
        return extras
    }

    /// `/api/compare`'s layouts: each a layout string or name, or an object `{layout, layers, magic}`; what
    /// `compare --json` prints, each layout with extras echoing its `layout_layers` and `magic`.
    func compareLayouts(_ items: [JSONValue], entry: PlayAssets.Entry) throws(InputError) -> HTTPResponse {
        var analyzed: [AnalyzedLayout] = []
        for (position, item) in items.enumerated() {
            let field = "layouts[\(position)]"
            let text: String, extras: Extras
            switch item {
            case .string(let given):
                text = given
                extras = Extras()
            case .object(let object):
                for (name, _) in object.members where !["layout", "layers", "magic"].contains(name) {
                    throw InputError(.invalid, source: field, "unknown field '\(name)' (known: layers, layout, magic)")
                }
                guard case .string(let given)? = object["layout"] else { throw InputError(.invalid, source: field, "needs a layout string") }
                text = given
                extras = Extras(layers: object["layers"], magic: object["magic"])
            default:
                throw InputError(.invalid, source: field, "must be a layout string or {layout, layers, magic} (got \(item.typeName))")
            }
            guard !text.isEmpty else { throw InputError(.invalid, source: field, "must not be empty") }
            if text.hasPrefix("@") { throw InputError(.invalid, source: "layouts", "@FILE is for the command line; send the layout string") }
            let (name, parsed) = try layout(text, extras: extras, on: entry.loaded.keyboard)
            analyzed.append(AnalyzedLayout(name: name == "custom" ? "custom-\(position + 1)" : name, layout: parsed,
                                           report: entry.loaded.scorer.analyze(parsed)))
        }
        // Comparison.json adds each layout's extras (ReportJSON.extras), as `compare --json` prints them.
        return .json(Comparison.json(analyzed, loaded: entry.loaded))
    }
}
