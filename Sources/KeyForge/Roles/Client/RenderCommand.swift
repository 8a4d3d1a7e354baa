import ArgumentParser
import KeyForgeCore
import KeyForgeServices

/// `keyforge render`: a layout drawn on its board to scale, as SVG or PNG.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a layout on its board to scale (SVG or PNG): legends, a heat map and finger colours.",
        discussion: """
        Keys are drawn at the board's positions and sizes (60 px per key unit), rotated where the board \
        says so, with the layout's symbols, a fill by --heat (usage: the share of the corpus's keystrokes \
        typed on the key; cost: the key's attributed cost, i.e. its monogram cost plus half of every bigram \
        and a third of every trigram typed with it, per 100 000 characters), and a band and outline in the \
        finger's colour (pinky purple, ring blue, middle green, index orange, thumb grey); home keys have a \
        small bar. The colour scale runs from 0 to the largest value over the keys of --heat-scope (letters, \
        the default: keys with a character, so SPACE does not set the maximum and named keys are drawn plain; \
        typing: every key). Legends and values are black or white, whichever contrasts more with the fill \
        (at least 4.5:1, WCAG 2). The extension of --out chooses the format: .svg, or .png through librsvg (Debian's \
        librsvg2-2, loaded at run time).
        """
    )

    @OptionGroup var assets: AssetOptions

    @Option(name: .shortAndLong, help: "A reference layout name, a layout string or @FILE of rows (default: qwerty, else the board's first).")
    var layout: String?

    @Option(help: "The keys' fill: usage, cost or none.")
    var heat: KeyboardSVG.Heat = .usage

    @Option(name: .customLong("heat-scope"),
            help: "The keys the colour scale spans: letters (SPACE and other named keys drawn plain, not setting the maximum) or typing.")
    var heatScope: MetricScope = .letters

    @Option(name: .shortAndLong, help: ArgumentHelp("The picture to write: FILE.svg or FILE.png.", valueName: "file"))
    var out: String

    func validate() throws {
        if LayoutPicture.Format(path: out) == nil {
            throw ArgumentParser.ValidationError("--out must end in .svg or .png (got '\(out)')")
        }
    }

    func run() throws {
        try OutputFile.check(out, option: "--out")
        let loaded = try assets.load()
        let name = layout ?? (loaded.keyboard.referenceLayout(named: "qwerty") != nil ? "qwerty" : loaded.keyboard.referenceLayouts.first?.name ?? "")
        let (layoutName, parsed) = try LayoutArgument.resolveOption(name, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(parsed)
        let panel = LayoutPicture.panel(title: LayoutPicture.title(loaded, layoutName: layoutName, report: report, heat: heat),
                                        layout: parsed, report: report, heat: heat, scope: heatScope)
        try LayoutPicture.write(keyboard: loaded.keyboard, panels: [panel], format: LayoutPicture.Format(path: out) ?? .svg, to: out)
        print("wrote \(out)")
    }
}
