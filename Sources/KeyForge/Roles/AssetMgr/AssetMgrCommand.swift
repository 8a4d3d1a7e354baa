import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `assetmgr`: the only writer of assets (docs/adr/0020-assetmgr-only-writer.md): `daemon` (default), `hydrate`, `verify`.
struct AssetMgrCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assetmgr",
        abstract: "The write master of assets: validate, compress, hash and store them in Valkey, and keep them in sync.",
        subcommands: [Daemon.self, Hydrate.self, Verify.self],
        defaultSubcommand: Daemon.self
    )

    /// `--data`, shared by the three modes.
    struct DataOptions: ParsableArguments {
        @Option(help: "The data folder (layout of data/system; default: $KEYFORGE_DATA_DIR, else ./data/system).")
        var data: String?

        var folder: String {
            get throws { try Settings.current().value(flag: data, "KEYFORGE_DATA_DIR") ?? "data/system" }
        }

        func validate() throws {
            let folder = try folder
            guard FileSystem.isDirectory(folder) else { throw ValidationError("--data \(folder): not a folder") }
        }
    }

    /// Validates every file without Valkey (a dry run); exit 1 when any is invalid.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every asset file (no Valkey); exit 1 if any is invalid.")
        @OptionGroup var data: DataOptions

        func run() throws {
            let folder = try data.folder
            let scan = try AssetFolderScan(root: folder)
            let validator = try AssetValidator.forDataFolder(folder)
            var invalid = 0
            for path in scan.assets {
                do throws(InputError) {
                    let bytes: [UInt8]
                    do { bytes = try FileSystem.readFile("\(folder)/\(path)", limit: AssetHydrator.maxFileBytes) } catch {
                        throw InputError.system(error)
                    }
                    try validator.validate(path: path, bytes: bytes)
                } catch {
                    invalid += 1
                    print("INVALID \(path): \(error.message)")
                }
            }
            for path in scan.ignored { print("ignored \(path) (not an asset)") }
            print("\(scan.assets.count - invalid) valid, \(invalid) invalid, \(scan.ignored.count) ignored in \(folder)")
            if invalid > 0 { throw ExitCode(1) }
        }
    }

    /// One synchronization pass, then exit (the CI mode).
    struct Hydrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store every valid asset that changed, collect removed ones, exit (1 if any was invalid).")
        @OptionGroup var data: DataOptions
        @OptionGroup var valkey: ValkeyOptions

        func run() throws {
            let log = RoleLog.logger("assetmgr")
            let client = ValkeyClient(configuration: try valkey.configuration())
            let report = try AssetHydrator(dataFolder: try data.folder, publisher: AssetPublisher(client: client)).hydrate()
            for path in report.published { log("published \(path)") }
            for path in report.removed { log("removed \(path)") }
            for error in report.invalid { log("invalid, not published: \(error)") }
            print("hydrate: \(report.published.count) published, \(report.unchanged) unchanged, \(report.removed.count) removed, "
                  + "\(report.invalid.count) invalid")
            if !report.invalid.isEmpty { throw ExitCode(1) }
        }
    }

    /// Hydrate, then watch the folder and propagate every change until SIGTERM.
    struct Daemon: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hydrate, then watch the data folder (inotify) and propagate changes (default).")
        @OptionGroup var data: DataOptions
        @OptionGroup var valkey: ValkeyOptions

        @Option(help: "Quiet milliseconds after a change before it is processed.")
        var debounceMs = 150

        func run() throws {
            let client = ValkeyClient(configuration: try valkey.configuration())
            let hydrator = AssetHydrator(dataFolder: try data.folder, publisher: AssetPublisher(client: client))
            let daemon = try AssetDaemon(hydrator: hydrator, debounce: .milliseconds(debounceMs), log: RoleLog.logger("assetmgr"))
            try daemon.run()
        }
    }
}
