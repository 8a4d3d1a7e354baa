import Foundation
import KeyForgeWire

/// One request-parser golden case read from `HTTPCases/*.md` (format in `HTTPCases/README.md`).
struct HTTPGoldenCase: CustomStringConvertible, Sendable {
    /// The Markdown file it came from.
    var file: String
    /// The `## ` heading.
    var title: String
    /// The prose under the heading: why the case exists.
    var why: String
    /// The input, escapes and repeats expanded.
    var input: [UInt8]
    /// The limits, standard unless a `limits` block changes some.
    var limits: HTTPLimits
    /// The expected lines of the `log` block.
    var expected: [String]

    /// "file: title", which is how Swift Testing names each argument.
    var description: String {
        "\(file): \(title)"
    }

    /// The folder of cases, found next to this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HTTPCases")

    /// Every case in every Markdown file of the folder except the README, in file and heading order.
    static func all() throws -> [HTTPGoldenCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .sorted()
        return try names.flatMap { name in
            try parse(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), file: name)
        }
    }

    /// The cases in one file: each `## ` heading, its prose, an `http` block, an optional `limits`
    /// block and a `log` block.
    static func parse(_ text: String, file: String) throws -> [HTTPGoldenCase] {
        var cases: [HTTPGoldenCase] = []
        var current: HTTPGoldenCase?
        var fence: String?
        var fenceLines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let kind = fence {
                if line.hasPrefix("```") {
                    try current?.apply(fence: kind, lines: fenceLines)
                    fence = nil
                    fenceLines = []
                } else {
                    fenceLines.append(line)
                }
            } else if line.hasPrefix("```") {
                fence = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("## ") {
                if let finished = current { cases.append(finished) }
                current = HTTPGoldenCase(file: file, title: String(line.dropFirst(3)), why: "", input: [],
                                         limits: .standard, expected: [])
            } else if !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty {
                if var open = current {
                    open.why += (open.why.isEmpty ? "" : " ") + line
                    current = open
                }
            }
        }
        if let finished = current { cases.append(finished) }
        return cases
    }

    /// Stores the content of one fenced block.
    private mutating func apply(fence: String, lines: [String]) throws {
        switch fence {
        case "http":
            input = try Self.unescape(lines.joined())
        case "limits":
            for line in lines where !line.isEmpty {
                let parts = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let value = Int(parts[1]) else { throw GoldenError("bad limits line \(line)") }
                switch parts[0] {
                case "maxRequestLineBytes": limits.maxRequestLineBytes = value
                case "maxHeaderCount": limits.maxHeaderCount = value
                case "maxHeaderBytes": limits.maxHeaderBytes = value
                case "maxBodyBytes": limits.maxBodyBytes = value
                case "maxChunkLineBytes": limits.maxChunkLineBytes = value
                case "maxTrailerBytes": limits.maxTrailerBytes = value
                default: throw GoldenError("unknown limit \(parts[0])")
                }
            }
        case "log":
            expected = lines.map { Self.expandRepeats($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        default:
            throw GoldenError("unknown fence \(fence) in \(title)")
        }
    }

    /// Expands only the repeats `\{COUNT:TEXT}` of a log line, whose other escapes stay as written.
    static func expandRepeats(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while let start = rest.range(of: "\\{") {
            result += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            guard let colon = rest.firstIndex(of: ":"), let close = rest.firstIndex(of: "}"),
                  let count = Int(rest[..<colon]) else { return result + "\\{" + rest }
            result += String(repeating: String(rest[rest.index(after: colon)..<close]), count: count)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Expands `\r \n \t \0 \\ \xHH` and the repeat `\{COUNT:TEXT}` (TEXT has no `}`).
    static func unescape(_ text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while let first = rest.first {
            rest = rest.dropFirst()
            guard first == "\\" else {
                bytes += Array(String(first).utf8)
                continue
            }
            guard let code = rest.first else { throw GoldenError("dangling backslash") }
            rest = rest.dropFirst()
            switch code {
            case "r": bytes.append(0x0D)
            case "n": bytes.append(0x0A)
            case "t": bytes.append(0x09)
            case "0": bytes.append(0x00)
            case "\\": bytes.append(UInt8(ascii: "\\"))
            case "x":
                guard let byte = UInt8(rest.prefix(2), radix: 16) else { throw GoldenError("bad \\x escape") }
                bytes.append(byte)
                rest = rest.dropFirst(2)
            case "{":
                guard let colon = rest.firstIndex(of: ":"), let close = rest.firstIndex(of: "}"),
                      let count = Int(rest[..<colon]) else { throw GoldenError("bad repeat") }
                let unit = try unescape(String(rest[rest.index(after: colon)..<close]))
                for _ in 0..<count { bytes += unit }
                rest = rest[rest.index(after: close)...]
            default:
                throw GoldenError("unknown escape \\\(code)")
            }
        }
        return bytes
    }
}

/// A malformed golden file.
struct GoldenError: Error, CustomStringConvertible {
    /// What is wrong with it.
    var description: String

    /// Creates the error.
    init(_ description: String) {
        self.description = description
    }
}
