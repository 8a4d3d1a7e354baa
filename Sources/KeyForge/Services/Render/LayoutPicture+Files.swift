import KeyForgeCore
import KeyForgeSystem

extension LayoutPicture {
    /// The line above a drawn layout: board, layout, score, corpus and what the heat shows.
    package static func title(_ loaded: LoadedAssets, layoutName: String, report: AnalysisReport, heat: KeyboardSVG.Heat) -> String {
        let score = ReportText.fixed(FixedPoint.toDouble(report.score.total))
        return "\(loaded.keyboard.name) · \(layoutName) · score \(score) · corpus \(loaded.corpus.id)" + (heat == .none ? "" : " · heat: \(heat.rawValue)")
    }

    /// Draws `panels` and writes the file atomically; a failed write is `.cannotCreate` naming `path`.
    package static func write(keyboard: Keyboard, panels: [KeyboardSVG.Panel], format: Format, to path: String) throws(InputError) {
        let bytes = try encode(keyboard: keyboard, panels: panels, format: format)
        try OutputFile.write(path, bytes)
    }
}
