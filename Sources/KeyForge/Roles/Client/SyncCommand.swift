import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `keyforge sync`: mirror the assets server into the workspace's `system/` folder, verified.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Download new and changed assets from the assets server (SHA-256 checked, written atomically)."
    )

    /// The environment variable naming the assets server.
    static let environmentVariable = "KEYFORGE_ASSETS_URL"
    /// The assets server used when neither `--assets` nor the environment names one.
    static let defaultURL = "http://127.0.0.1:3001"

    @Option(help: "The assets server (default: $KEYFORGE_ASSETS_URL, else \(SyncCommand.defaultURL)).")
    var assets: String?

    @Option(help: "A CA certificate (PEM) to trust for an https:// assets server with a private certificate.")
    var cacert: String?

    @Flag(help: "No progress line.")
    var quiet = false

    func run() throws {
        let baseURL = try Settings.current().value(flag: assets, Self.environmentVariable) ?? Self.defaultURL
        guard let workspace = Workspace.current else {
            throw InputError(.missing, source: "workspace", "no workspace: set KEYFORGE_HOME or HOME")
        }
        try workspace.initialize(.create)
        let lock = try workspace.lock()
        defer { withExtendedLifetime(lock) {} }
        var configuration = HTTPClientConfiguration()
        configuration.caCertificatePath = cacert
        configuration.connectTimeout = .seconds(5)
        let folder = "\(workspace.root)/\(Workspace.systemFolder)"
        let sync = AssetSync(baseURL: baseURL, folder: folder, client: HTTPClient(configuration: configuration))
        let progress = ProgressLine(quiet: quiet)
        let report: AssetSyncReport
        do {
            report = try sync.run { step in
                progress.show("sync: [\(step.index)/\(step.total)] \(step.path) (\(step.bytes) bytes)")
            }
        } catch {
            switch error {
            case .offline, .notReady:
                let cached = sync.loadRecord().count
                printError("keyforge: \(error); using the \(cached) cached assets in \(folder) (and the embedded defaults)")
                throw ExitCode(ExitStatus.unavailable)
            case .badManifest:
                break
            }
            printError("keyforge: \(error)")
            throw ExitCode(ExitStatus.dataError)
        }
        progress.clear()
        print("sync: \(report.downloaded.count) downloaded, \(report.unchanged) up to date, \(report.removed.count) removed, "
              + "\(report.failed.count) failed from \(baseURL) into \(folder)")
        for path in report.rejected { printError("keyforge: refused manifest entry '\(path)': not a safe asset path or hash") }
        for failure in report.failed { printError("keyforge: \(failure.path): \(failure.reason) (the previous file is kept)") }
        if !report.failed.isEmpty || !report.rejected.isEmpty { throw ExitCode(ExitStatus.dataError) }
    }
}
