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

    /// True when a picture was asked for.
    var isRequested: Bool { svg != nil || png != nil }

    /// Writes every picture asked for; returns the paths written.
    @discardableResult
    func write(keyboard: Keyboard, panels: [KeyboardSVG.Panel]) throws -> [String] {
        var written: [String] = []
        if let svg {
            try LayoutPicture.write(keyboard: keyboard, panels: panels, format: .svg, to: svg)
            written.append(svg)
        }
        if let png {
            try LayoutPicture.write(keyboard: keyboard, panels: panels, format: .png, to: png)
            written.append(png)
        }
        return written
    }
}

extension KeyboardSVG.Heat: ExpressibleByArgument {}
