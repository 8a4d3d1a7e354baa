import ArgumentParser
import KeyForgeCore
import KeyForgeServices

/// `--svg FILE`, `--png FILE` and `--heat`: the picture a scoring verb may write beside its report.
struct PictureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also draw the layout to this SVG file.", valueName: "file"))
    var svg: String?

    @Option(help: ArgumentHelp("Also draw the layout to this PNG file (needs librsvg2-2 at run time).", valueName: "file"))
    var png: String?

    @Option(help: "The keys' fill in the picture: usage (share of keystrokes), cost (attributed cost per 100k characters) or none.")
    var heat: KeyboardSVG.Heat = .usage

    @Option(name: .customLong("heat-scope"),
            help: "The keys the heat colour scale spans: letters (keys with a character; SPACE, ENTER and other named keys are drawn plain and do not set the maximum) or typing (every key).")
    var heatScope: MetricScope = .letters

    /// True when a picture was asked for.
    var isRequested: Bool { svg != nil || png != nil }

    /// The pictures asked for, SVG first.
    var requested: [(path: String, format: LayoutPicture.Format)] {
        (svg.map { [($0, LayoutPicture.Format.svg)] } ?? []) + (png.map { [($0, LayoutPicture.Format.png)] } ?? [])
    }

    /// Before the verb's work: every picture path can be created (else exit 73 at once), and PNG
    /// output has librsvg (else exit 69 at once), so a long search never ends in a picture it cannot write.
    func checkOutputs() throws(InputError) {
        if let svg { try OutputFile.check(svg, option: "--svg") }
        if let png {
            try OutputFile.check(png, option: "--png")
            _ = try PNGRasterizer.png(fromSVG: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>", width: 1, height: 1)
        }
    }

    /// Writes every picture asked for; returns the paths written.
    @discardableResult
    func write(keyboard: Keyboard, panels: [KeyboardSVG.Panel]) throws -> [String] {
        var written: [String] = []
        for (path, format) in requested {
            try LayoutPicture.write(keyboard: keyboard, panels: panels, format: format, to: path)
            written.append(path)
        }
        return written
    }
}

extension KeyboardSVG.Heat: ExpressibleByArgument {}
