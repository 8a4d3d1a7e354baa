import ArgumentParser
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// `keyforge compare`: several layouts' exact metrics side by side, with deltas against the first.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare layouts: the exact metrics side by side, deltas against the first, and a drawing of what moved.",
        discussion: """
        Each layout is a reference name or a layout string, analyzed as `analyze` does on the same board, \
        corpus and rubric. A delta is the layout's value minus the first layout's. --svg/--png draw the \
        first layout, then each other one with the keys whose symbol differs outlined and an arrow from \
        each moved symbol's old key to its new one.
        """
    )

    @OptionGroup var assets: AssetOptions

    @Argument(help: "Two or more layouts: reference names, layout strings or @FILE of rows (as analyze takes); the first is the baseline.")
    var layouts: [String] = []

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    @Option(help: "The metrics' scope in the text table: letters (characters only, the default) or typing (every keystroke).")
    var scope: MetricScope = .letters

    @OptionGroup var picture: PictureOptions

    func validate() throws {
        if layouts.count < 2 { throw ArgumentParser.ValidationError("compare needs at least two layouts (got \(layouts.count))") }
        if layouts.count > 16 { throw ArgumentParser.ValidationError("compare takes at most 16 layouts (got \(layouts.count))") }
    }

    func run() throws {
        try picture.checkOutputs()
        let loaded = try assets.load()
        let entries = try Comparison.analyze(layouts, loaded: loaded)
        if json {
            print(JSONWriter.write(Comparison.json(entries, loaded: loaded), pretty: true))
        } else {
            print(Comparison.table(entries, loaded: loaded, scope: scope))
        }
        if picture.isRequested {
            let base = entries[0]
            var panels = [LayoutPicture.panel(title: LayoutPicture.title(loaded, layoutName: base.name, report: base.report, heat: picture.heat),
                                              layout: base.layout, report: base.report, heat: picture.heat, scope: picture.heatScope)]
            for entry in entries.dropFirst() {
                let moved = LayoutPicture.changedKeys(base.layout, entry.layout).count
                let title = LayoutPicture.title(loaded, layoutName: entry.name, report: entry.report, heat: picture.heat)
                    + " · \(moved) keys differ from \(base.name)"
                panels.append(LayoutPicture.comparisonPanel(title: title, base: base.layout, layout: entry.layout,
                                                            report: entry.report, heat: picture.heat, scope: picture.heatScope))
            }
            for path in try picture.write(keyboard: loaded.keyboard, panels: panels) where !json { print("wrote \(path)") }
        }
    }
}
