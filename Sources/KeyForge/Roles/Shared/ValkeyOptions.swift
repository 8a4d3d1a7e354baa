import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `--valkey-url`, shared by every role that talks to Valkey; `KEYFORGE_VALKEY_URL` is the fallback.
struct ValkeyOptions: ParsableArguments {
    @Option(name: .customLong("valkey-url"),
            help: "Valkey URL: redis://[user:pass@]host:port/db or unix:///path (default: $KEYFORGE_VALKEY_URL, else \(ValkeyConfiguration.defaultURL)).")
    var valkeyURL: String?

    /// The URL in force: the flag, then the environment, then the config file, then the default (`Settings`).
    var resolvedURL: String {
        get throws { try Settings.current().value(flag: valkeyURL, ValkeyConfiguration.environmentVariable) ?? ValkeyConfiguration.defaultURL }
    }

    /// The parsed configuration of `url` if given, else of the URL in force; a malformed URL is a usage error.
    func configuration(overriding url: String? = nil) throws -> ValkeyConfiguration {
        let chosen = try url ?? resolvedURL
        do throws(ValkeyError) {
            return try ValkeyConfiguration(url: chosen)
        } catch {
            throw ArgumentParser.ValidationError(error.description)
        }
    }
}
