/// Cluster-wide ephemeral state (docs/ARCHITECTURE.md section 8): heartbeats, manifests, locks, nonces, events.
///
/// Two implementations keep one contract (the same tests run against both):
/// `ValkeyDistributedCoordinator` for a cluster and `InProcessCoordinator` for one machine.
/// Every method is synchronous and may block on the network; callers on an event loop run them on a
/// worker pool. Key names are those of docs/ARCHITECTURE.md section 8 (`CoordinatorKeyspace`).
public protocol DistributedCoordinator: Sendable {
    /// The bytes stored at `key`, or nil when there are none.
    func getBinary(_ key: String) throws(CoordinatorError) -> [UInt8]?
    /// Stores `data` at `key`, replacing what was there.
    func setBinary(_ key: String, _ data: [UInt8]) throws(CoordinatorError)
    /// Every key matching the glob `pattern`, each once, in no particular order (SCAN, never KEYS).
    func scanKeys(_ pattern: String) throws(CoordinatorError) -> [String]
    /// True for the one caller per CPU signature per 24 hours that may write its hardware profile.
    func tryReserveProfileUpdate(cpuSignature: String) throws(CoordinatorError) -> Bool
    /// Records a node's telemetry (kept for `CoordinatorKeyspace.heartbeatSeconds`) and marks it active.
    func updateHeartbeat(nodeID: String, telemetry: NodeTelemetry) throws(CoordinatorError)
    /// A node's latest telemetry, or nil when it has not reported within the heartbeat time.
    func getHeartbeat(nodeID: String) throws(CoordinatorError) -> NodeTelemetry?
    /// Active nodes and their summed search speed, after pruning nodes whose heartbeat is stale.
    func getClusterStats() throws(CoordinatorError) -> ClusterStats
    /// Publishes a job event on `job:<id>:updates`; returns how many subscribers received it.
    @discardableResult
    func publishUpdate(jobID: String, event: [UInt8]) throws(CoordinatorError) -> Int
    /// Stores an asset's manifest entry (hash, size, updated).
    func setManifestEntry(_ entry: ManifestEntry) throws(CoordinatorError)
    /// The SHA-256 hex of the stored bytes of asset `path`, or nil when it is not in the manifest.
    func getManifestHash(path: String) throws(CoordinatorError) -> String?
    /// Every manifest entry, by asset path.
    func getAllManifestEntries() throws(CoordinatorError) -> [String: ManifestEntry]
    /// The number of nodes with a fresh heartbeat (stale ones are pruned first).
    func countActiveNodes() throws(CoordinatorError) -> Int
}

/// Why a coordinator call failed.
public enum CoordinatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The backing store could not be reached or answered with an error.
    case unavailable(String)
    /// Stored data could not be read back (corrupt telemetry JSON, a manifest field that is not a number).
    case corrupt(String)
    /// An argument the contract refuses (an empty node id, a TTL below one second).
    case invalidArgument(String)

    /// A sentence for people.
    public var description: String {
        switch self {
        case .unavailable(let message): return "coordination store unavailable: \(message)"
        case .corrupt(let message): return "coordination data corrupt: \(message)"
        case .invalidArgument(let message): return "invalid coordinator argument: \(message)"
        }
    }
}

/// What `getClusterStats` reports.
public struct ClusterStats: Equatable, Sendable {
    /// Nodes with a fresh heartbeat.
    public var activeNodes: Int
    /// The sum of their reported search speeds, in annealing steps per second.
    public var totalStepsPerSecond: Double

    /// Creates stats.
    public init(activeNodes: Int, totalStepsPerSecond: Double) {
        self.activeNodes = activeNodes
        self.totalStepsPerSecond = totalStepsPerSecond
    }
}

/// The key and channel names of docs/ARCHITECTURE.md section 8, and the times the contract promises.
public enum CoordinatorKeyspace {
    /// How long telemetry lives without a new heartbeat, and how old an active-node entry may be.
    public static let heartbeatSeconds = 30
    /// How long a hardware-profile reservation holds.
    public static let profileReservationSeconds = 86_400
    /// The sorted set of node ids scored by their last heartbeat (Unix seconds).
    public static let activeNodes = "v4:cluster:active_nodes"
    /// The channel on which the asset manager announces a changed asset path.
    public static let assetUpdatesChannel = "asset_updates"
    /// The prefix of manifest hashes; the asset path follows.
    public static let manifestPrefix = "v4:manifest:"
    /// The prefix of stored asset bytes; the asset path follows.
    public static let blobPrefix = "asset:blob:"

    /// `v4:node:<id>:telemetry`.
    public static func telemetry(_ nodeID: String) -> String { "v4:node:\(nodeID):telemetry" }
    /// `v4:hw_profile:<cpu signature>`.
    public static func hardwareProfile(_ signature: String) -> String { "v4:hw_profile:\(signature)" }
    /// `v4:manifest:<path>`.
    public static func manifest(_ path: String) -> String { manifestPrefix + path }
    /// `asset:blob:<path>`.
    public static func blob(_ path: String) -> String { blobPrefix + path }
    /// `job:<id>:updates`.
    public static func jobUpdates(_ jobID: String) -> String { "job:\(jobID):updates" }
}
