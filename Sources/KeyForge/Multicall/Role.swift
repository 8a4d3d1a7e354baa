/// The five personalities of the one `keyforge` binary (docs/ARCHITECTURE.md section 1).
enum Role: String, CaseIterable, Sendable {
    /// The user's command line (its verbs: `ClientCommand.verbs`).
    case client
    /// The control plane.
    case hive
    /// The read-only asset server.
    case assets
    /// The only writer of assets.
    case assetmgr
    /// The worker.
    case agent

    /// One line on what the role is, for `--list` and help.
    var summary: String {
        switch self {
        case .client: "the command line: " + ClientVerb.listed.map(\.name).joined(separator: ", ")
        case .hive: "control plane: HTTP API over PostgreSQL and Valkey, auth, jobs, verified results, events"
        case .assets: "read-only HTTP server streaming assets from Valkey"
        case .assetmgr: "the only writer of assets: daemon | hydrate | verify"
        case .agent: "the worker: agent run, and the archive worker over a Unix socket"
        }
    }

    /// The names a symlink may carry for this role (`hive`, `keyforge-hive`).
    var linkNames: [String] { self == .client ? ["keyforge-client"] : [rawValue, "keyforge-\(rawValue)"] }
}
