import Glibc
import KeyForgeSystem

/// The one place where a service setting's value is decided. The order, highest first:
///
/// 1. a command-line flag (`--hive URL`);
/// 2. the environment (`KEYFORGE_HIVE_URL`);
/// 3. the config file: `$KEYFORGE_CONFIG` if set (it must exist), else `/etc/keyforge/keyforge.conf` if
///    it exists; `NAME=value` lines named like the environment variables (the syntax of a systemd
///    EnvironmentFile: `#` comments, blank lines, optional single or double quotes);
/// 4. the caller's default.
///
/// An empty value counts as unset at every level. Unknown names in the file are an error, so a typo
/// never silently falls back to a default.
public struct Settings: Sendable {
    /// The environment variable naming the config file.
    public static let fileVariable = "KEYFORGE_CONFIG"
    /// The config file read when `KEYFORGE_CONFIG` is not set (absent: no file).
    public static let defaultPath = "/etc/keyforge/keyforge.conf"
    /// The largest config file read, 1 MiB: it holds a dozen `KEY=value` lines, so anything near this is not a config.
    static let maxFileBytes = 1 << 20
    /// Every name a config file may set (docs/OPERATIONS.md says what each is for).
    public static let known = ["HIVE_SECRET", "DATABASE_URL", "KEYFORGE_VALKEY_URL", "KEYFORGE_HIVE_URL", "KEYFORGE_ASSETS_URL",
                               "KEYFORGE_ARCHIVE_SOCKET", "KEYFORGE_DATA_DIR"]

    /// The values read from the config file.
    public let file: [String: String]
    /// The file they came from, if any.
    public let filePath: String?
    private let environment: @Sendable (String) -> String?

    /// Settings over an explicit file content and environment (tests use this).
    public init(file: [String: String], filePath: String?, environment: @escaping @Sendable (String) -> String?) {
        self.file = file
        self.filePath = filePath
        self.environment = environment
    }

    /// The value of setting `name`: `flag`, else the environment, else the config file; nil when none has one.
    public func value(flag: String?, _ name: String) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment(name), !value.isEmpty { return value }
        if let value = file[name], !value.isEmpty { return value }
        return nil
    }

    /// The process's settings: its environment and its config file, read once.
    public static func current() throws(InputError) -> Settings { try loaded.get() }

    private static let loaded: Result<Settings, InputError> = {
        do throws(InputError) { return .success(try load(environment: { Environment.value($0) })) } catch { return .failure(error) }
    }()

    /// Reads the config file the environment names (or the default one, if present).
    public static func load(environment: @escaping @Sendable (String) -> String?) throws(InputError) -> Settings {
        let named = environment(fileVariable).flatMap { $0.isEmpty ? nil : $0 }
        let path = named ?? defaultPath
        guard named != nil || FileSystem.exists(path) else { return Settings(file: [:], filePath: nil, environment: environment) }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: maxFileBytes) } catch {
            throw InputError(error.code == ENOENT ? .missing : .io, source: path, "cannot read the config file: \(error)")
        }
        return Settings(file: try parse(String(decoding: bytes, as: UTF8.self), source: path), filePath: path, environment: environment)
    }

    /// Parses `NAME=value` lines; names must be known (see `known`).
    public static func parse(_ text: String, source: String) throws(InputError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, raw) in text.lines.enumerated() {
            let line = raw.trimmingCharacters()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw InputError(.invalid, source: "\(source):\(index + 1)", "expected NAME=value")
            }
            let name = String(line[..<equals].trimmingCharacters())
            var value = String(line[line.index(after: equals)...].trimmingCharacters())
            guard known.contains(name) else {
                throw InputError(.invalid, source: "\(source):\(index + 1)",
                                 "unknown setting \(name.debugDescription) (known: \(known.joined(separator: ", ")))")
            }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}
