import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem

/// `--valkey-url`, shared by every role that talks to Valkey; `KEYFORGE_VALKEY_URL` is the fallback.
struct ValkeyOptions: ParsableArguments {
    @Option(name: .customLong("valkey-url"),
            help: "Valkey URL: redis://[user:pass@]host:port/db or unix:///path (default: $KEYFORGE_VALKEY_URL, else \(ValkeyConfiguration.defaultURL)).")
    var valkeyURL: String?

    /// The URL in force: the flag, then the environment, then the default.
    var resolvedURL: String {
        valkeyURL ?? Environment.value(ValkeyConfiguration.environmentVariable).flatMap { $0.isEmpty ? nil : $0 }
            ?? ValkeyConfiguration.defaultURL
    }

    /// The parsed configuration of `url` if given, else of the URL in force; a malformed URL is a usage error.
    func configuration(overriding url: String? = nil) throws -> ValkeyConfiguration {
        do throws(ValkeyError) {
            return try ValkeyConfiguration(url: url ?? resolvedURL)
        } catch {
            throw ArgumentParser.ValidationError(error.description)
        }
    }
}
