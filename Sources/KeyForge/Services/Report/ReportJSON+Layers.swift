import KeyForgeCore
import KeyForgeWire

extension ReportJSON {
    /// The report of `encode` with what a layout with extras adds (nothing for a layout without): `layers`
    /// (each layer's `name`, `percent` of the placed presses and `layer_key_presses` in percent of N1, base
    /// first), `repeat_presses` and `magic_presses` (percent of N1), and the layout's own `layout_layers`
    /// (layer name -> token string) and `magic` (after -> output), in the shape the playground takes them.
    package static func encodeWithExtras(_ report: AnalysisReport, context: Context) -> JSONValue {
        let value = encode(report, context: context)
        guard context.layout.hasExtras, case .object(var object) = value else { return value }
        for (name, extra) in extras(report, layout: context.layout) { object.append(name, extra) }
        return .object(object)
    }

    /// The members `encodeWithExtras` adds, in order.
    package static func extras(_ report: AnalysisReport, layout: Layout) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        members.append(("layers", .array(report.layers.map { usage in
            .object(JSONObject([("name", .string(usage.name)), ("percent", number(usage.percent)),
                                ("layer_key_presses", number(usage.layerKeyPresses))]))
        })))
        members.append(("repeat_presses", number(report.repeatPresses)))
        members.append(("magic_presses", number(report.magicPresses)))
        members.append(("layout_layers", LayoutExtrasJSON.encodeLayers(layout) ?? .object(JSONObject())))
        members.append(("magic", LayoutExtrasJSON.encodeMagic(layout) ?? .object(JSONObject())))
        return members
    }
}
