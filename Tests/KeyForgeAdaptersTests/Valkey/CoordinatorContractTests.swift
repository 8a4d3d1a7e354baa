import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeTestSupport
import Testing

/// The two coordinators the contract runs against.
enum CoordinatorKind: String, CaseIterable, CustomTestStringConvertible {
    case valkey, inProcess

    var testDescription: String { rawValue }

    /// A coordinator reading time from `clock` (the real time by default).
    func make(clock: TestClock = TestClock()) -> any DistributedCoordinator {
        let now: @Sendable () -> Double = { clock.now() }
        switch self {
        case .valkey:
            return ValkeyDistributedCoordinator(client: ValkeyClient(configuration: ValkeyServerHarness.shared.configuration()), now: now)
        case .inProcess:
            return InProcessCoordinator(now: now)
        }
    }
}

/// The real clock shifted by an offset a test may change.
final class TestClock: Sendable {
    private let offset: Locked<Double>

    init(offsetSeconds: Double = 0) { offset = Locked(offsetSeconds) }

    var offsetSeconds: Double {
        get { offset.withLock { $0 } }
        set { offset.withLock { $0 = newValue } }
    }

    func now() -> Double { WallClock.unixSeconds() + offsetSeconds }
}

@Suite("DistributedCoordinator contract (Valkey and in-process)")
struct CoordinatorContractTests {
    @Test("binary values round trip, and a missing key is nil", arguments: CoordinatorKind.allCases)
    func binary(kind: CoordinatorKind) throws {
        let coordinator = kind.make()
        let key = CoordinatorKeyspace.blob(uniqueName("keyboards/x") + ".json")
        #expect(try coordinator.getBinary(key) == nil)
        let data: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0, 13, 10, 255]
        try coordinator.setBinary(key, data)
        #expect(try coordinator.getBinary(key) == data)
        try coordinator.setBinary(key, [1])
        #expect(try coordinator.getBinary(key) == [1])
    }

    @Test("scanKeys finds exactly the matching keys, each once, across many SCAN steps", arguments: CoordinatorKind.allCases)
    func scan(kind: CoordinatorKind) throws {
        let coordinator = kind.make()
        let prefix = uniqueName("scan")
        for index in 0..<1_200 { try coordinator.setBinary("\(prefix):item:\(index)", [UInt8(index & 0xFF)]) }
        try coordinator.setBinary("\(prefix):other", [0])
        let keys = try coordinator.scanKeys("\(prefix):item:*")
        #expect(keys.count == 1_200)
        #expect(Set(keys).count == 1_200)
        #expect(try coordinator.scanKeys("\(prefix):item:1?").sorted() == (10...19).map { "\(prefix):item:\($0)" })
        #expect(try coordinator.scanKeys("\(prefix):[o]ther") == ["\(prefix):other"])
    }

    @Test("the profile reservation is granted once per CPU signature (SET NX)", arguments: CoordinatorKind.allCases)
    func profileReservation(kind: CoordinatorKind) throws {
        let coordinator = kind.make()
        let signature = uniqueName("AMD Ryzen 9 7950X")
        #expect(try coordinator.tryReserveProfileUpdate(cpuSignature: signature))
        #expect(try !coordinator.tryReserveProfileUpdate(cpuSignature: signature))
        #expect(try coordinator.tryReserveProfileUpdate(cpuSignature: signature + "-other"))
    }

    @Test("a heartbeat's telemetry reads back and counts as an active node", arguments: CoordinatorKind.allCases)
    func heartbeat(kind: CoordinatorKind) throws {
        let coordinator = kind.make()
        let node = uniqueName("node")
        #expect(try coordinator.getHeartbeat(nodeID: node) == nil)
        let before = try coordinator.getClusterStats()
        let telemetry = NodeTelemetry(nodeID: node, stepsPerSecond: 1_250_000.5, temperatureCelsius: 61.5,
                                      memoryBytes: 73_400_320, jobID: "job-1", timestamp: WallClock.unixSeconds())
        try coordinator.updateHeartbeat(nodeID: node, telemetry: telemetry)
        #expect(try coordinator.getHeartbeat(nodeID: node) == telemetry)
        let after = try coordinator.getClusterStats()
        switch kind {
        case .inProcess:
            // Its own store: exactly this node.
            #expect(before == ClusterStats(activeNodes: 0, totalStepsPerSecond: 0))
            #expect(after == ClusterStats(activeNodes: 1, totalStepsPerSecond: 1_250_000.5))
            #expect(try coordinator.countActiveNodes() == 1)
        case .valkey:
            // The server is shared with other tests: this node must be in the active set and its speed in the sum.
            let score = try ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
                .execute(["ZSCORE", CoordinatorKeyspace.activeNodes, node])
            #expect(score != .null)
            #expect(after.totalStepsPerSecond >= 1_250_000.5)
        }
    }

    @Test("cluster stats prune nodes whose last heartbeat is older than 30 s", arguments: CoordinatorKind.allCases)
    func pruneStale(kind: CoordinatorKind) throws {
        let clock = TestClock(offsetSeconds: -45)
        let coordinator = kind.make(clock: clock)
        let node = uniqueName("stale")
        try coordinator.updateHeartbeat(nodeID: node, telemetry: NodeTelemetry(nodeID: node, stepsPerSecond: 5, timestamp: 0))
        // Seen from 45 s ago the node is active; from now it is stale and the next stats call prunes it.
        #expect(try coordinator.countActiveNodes() >= 1)
        clock.offsetSeconds = 0
        _ = try coordinator.getClusterStats()
        switch kind {
        case .inProcess:
            #expect(try coordinator.countActiveNodes() == 0)
        case .valkey:
            let score = try ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
                .execute(["ZSCORE", CoordinatorKeyspace.activeNodes, node])
            #expect(score == .null)
        }
    }

    @Test("manifest entries round trip, and all of them are listed", arguments: CoordinatorKind.allCases)
    func manifest(kind: CoordinatorKind) throws {
        let coordinator = kind.make()
        let paths = (0..<3).map { "keyboards/\(uniqueName("board"))-\($0).json" }
        for (index, path) in paths.enumerated() {
            try coordinator.setManifestEntry(ManifestEntry(path: path, hash: String(repeating: "\(index)", count: 64),
                                                           size: Int64(100 + index), updated: 1_790_000_000))
        }
        #expect(try coordinator.getManifestHash(path: paths[1]) == String(repeating: "1", count: 64))
        #expect(try coordinator.getManifestHash(path: "keyboards/none-\(uniqueName("x")).json") == nil)
        let all = try coordinator.getAllManifestEntries()
        for (index, path) in paths.enumerated() {
            #expect(all[path] == ManifestEntry(path: path, hash: String(repeating: "\(index)", count: 64),
                                               size: Int64(100 + index), updated: 1_790_000_000))
        }
    }
}

@Suite("Valkey coordinator keyspace details")
struct ValkeyKeyspaceTests {
    @Test("heartbeat telemetry carries a 30 s TTL, seen with PTTL")
    func heartbeatTTL() throws {
        let client = ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
        let coordinator = ValkeyDistributedCoordinator(client: client)
        let node = uniqueName("ttl")
        try coordinator.updateHeartbeat(nodeID: node, telemetry: NodeTelemetry(nodeID: node, stepsPerSecond: 1, timestamp: 0))
        let ttl = try client.execute(["PTTL", CoordinatorKeyspace.telemetry(node)]).asInteger ?? -1
        #expect(ttl > 28_000 && ttl <= 30_000)
        let score = try client.execute(["ZSCORE", CoordinatorKeyspace.activeNodes, node]).asDouble ?? 0
        #expect(abs(score - WallClock.unixSeconds()) < 5)
    }

    @Test("the profile reservation lives 24 hours")
    func reservationTTLs() throws {
        let client = ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
        let coordinator = ValkeyDistributedCoordinator(client: client)
        let signature = uniqueName("cpu")
        _ = try coordinator.tryReserveProfileUpdate(cpuSignature: signature)
        let profileTTL = try client.execute(["TTL", CoordinatorKeyspace.hardwareProfile(signature)]).asInteger ?? -1
        #expect(profileTTL > 86_390 && profileTTL <= 86_400)
    }

    @Test("corrupt telemetry under a node's key is reported as corrupt, not as a crash")
    func corruptTelemetry() throws {
        let client = ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
        let coordinator = ValkeyDistributedCoordinator(client: client)
        let node = uniqueName("corrupt")
        try client.execute(["SET", CoordinatorKeyspace.telemetry(node), "{not json"])
        #expect(throws: CoordinatorError.self) { try coordinator.getHeartbeat(nodeID: node) }
    }

    @Test("a published job event reaches a subscriber of its channel, and the count includes it")
    func publishCount() throws {
        let configuration = ValkeyServerHarness.shared.configuration()
        let coordinator = ValkeyDistributedCoordinator(client: ValkeyClient(configuration: configuration))
        let jobID = uniqueName("job")
        let log = SubscriberLog()
        let subscriber = ValkeySubscriber(configuration: configuration, channels: [CoordinatorKeyspace.jobUpdates(jobID)],
                                          onMessage: log.record, onEvent: log.record)
        try subscriber.start()
        defer { subscriber.stop() }
        #expect(log.wait { log.subscriptions == 1 })
        // Other tests' hives may hold pattern subscriptions on job:*:updates, so the count is at least ours.
        #expect(try coordinator.publishUpdate(jobID: jobID, event: Array("{}".utf8)) >= 1)
        #expect(log.wait { log.messages.count == 1 })
    }
}
