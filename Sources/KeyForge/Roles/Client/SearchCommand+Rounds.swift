import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// `search --round-pattern` and `--trace-rounds` (hidden options, for benches and tuning; docs/PHYSICS.md section 5).
enum RoundPatternOption {
    /// Letters B, S, X to round starts; nil gives the default pattern.
    static func parse(_ text: String?) throws -> [RoundStart] {
        guard let text else { return SearchParameters.defaultRoundPattern }
        let starts: [RoundStart] = try text.map { letter in
            switch letter {
            case "B", "b": return .best
            case "S", "s": return .fresh
            case "X", "x": return .cross
            default: throw ArgumentParser.ValidationError("--round-pattern takes the letters B, S and X (got '\(text)')")
            }
        }
        guard !starts.isEmpty else { throw ArgumentParser.ValidationError("--round-pattern needs at least one of B, S, X") }
        return starts
    }

    /// Writes one finished round to stderr.
    static let traceLine: @Sendable (Int, RoundReport) -> Void = { replica, report in
        FileSystem.writeStandardError(SearchRunner.roundLine(replica: replica, report: report) + "\n")
    }
}
