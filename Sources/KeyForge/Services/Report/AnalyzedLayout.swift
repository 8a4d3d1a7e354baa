import KeyForgeCore

/// A layout with its name and exact report: one row of a ranking or a comparison.
package struct AnalyzedLayout {
    /// The reference name, or `custom-N` for a layout string.
    package var name: String
    /// The layout itself.
    package var layout: Layout
    /// Its exact report.
    package var report: AnalysisReport

    package init(name: String, layout: Layout, report: AnalysisReport) {
        self.name = name
        self.layout = layout
        self.report = report
    }
}
