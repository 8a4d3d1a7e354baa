import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// The agent's loop: register, heartbeat, lease, sync, search, renew, submit through an outbox.
///
/// Outages are expected: every call to the hive retries with backoff, a unit in progress keeps
/// searching while the hive is away, and its result waits in the outbox until the hive stores it or
/// refuses it on its merits (`ResultCourier`): a refused secret or a lockout never costs a result.
/// SIGTERM (or Ctrl-C) stops the search, submits the best so far, hands the lease back, and exits.
package final class AgentRunner: @unchecked Sendable {
    /// Seconds between heartbeats.
    package static let heartbeatSeconds = 10

    package let hive: HiveClient
    package let assetsURL: String
    package let workspace: Workspace
    package let threads: Int
    package let nodeID: String
    package let pollSeconds: Double
    package let outbox: AgentOutbox
    private let courier: ResultCourier
    package let log = RoleLog.logger("agent")
    private let client: HTTPClient
    private let rate = Locked<Double>(0)
    private let started = ContinuousClock.now
    private var searchingSeconds = 0.0
    private let currentJob = Locked<String?>(nil)
    /// The plan of the last job worked on: a job's units share it (its assets are named by content, so
    /// they cannot change under the same job id), and preparing it again cost most of the idle time
    /// between units.
    private var lastPlan: (job: String, plan: JobPlan)? = nil

    package init(hiveURL: String, assetsURL: String, secret: String, workspace: Workspace, threads: Int, nodeID: String?,
         pollSeconds: Double, nice: Bool) throws {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .seconds(3)
        configuration.requestTimeout = .seconds(30)
        configuration.retry = Backoff(initial: .milliseconds(200), maximum: .seconds(2), maxRetries: 2)
        client = HTTPClient(configuration: configuration)
        hive = HiveClient(baseURL: hiveURL, secret: secret, client: client)
        self.assetsURL = assetsURL
        self.workspace = workspace
        self.threads = threads
        self.pollSeconds = pollSeconds
        self.nodeID = try nodeID ?? Self.persistentNodeID(workspace)
        outbox = try AgentOutbox(folder: "\(workspace.root)/agent/outbox")
        courier = ResultCourier(outbox: outbox, hive: hive, log: log)
        if nice { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
    }

    /// The most of `agent/node-id` read, 256 bytes: the id is one line, and the hive refuses node ids past
    /// 64 bytes, so a larger file is not an id (a newline and stray whitespace still fit).
    private static let maxNodeIDFileBytes = 256

    /// The node id made on first run and kept in `<workspace>/agent/node-id`.
    package static func persistentNodeID(_ workspace: Workspace) throws -> String {
        let path = "\(workspace.root)/agent/node-id"
        if let bytes = try? FileSystem.readFile(path, limit: maxNodeIDFileBytes) {
            let text = String(String(decoding: bytes, as: UTF8.self).trimmingCharacters())
            if !text.isEmpty { return text }
        }
        var generator = SystemRandomNumberGenerator()
        let id = "node-" + String(generator.next() as UInt64, radix: 36)
        try FileSystem.makeDirectories("\(workspace.root)/agent")
        try FileSystem.writeFileAtomically(path, Array((id + "\n").utf8))
        return id
    }

    package func run() throws {
        Interrupt.install()
        log("node \(nodeID): hive \(hive.baseURL), assets \(assetsURL), \(threads) threads")
        register()
        let heartbeat = try SystemThread(name: "kf-agent-beat") { [self] in heartbeatLoop() }
        while !Interrupt.isRequested {
            courier.flush()
            guard let lease = nextLease() else {
                pause(seconds: pollSeconds)
                continue
            }
            work(lease)
        }
        let kept = courier.flush(force: true)
        heartbeat.join()
        log("stopped; \(kept) results still in the outbox")
    }

    // MARK: - Hive calls

    /// Registers with the hive (CPU, cores, caches, a short calibration), retrying until it answers.
    private func register() {
        var profile = JSONObject()
        profile.append("caches", .object(JSONObject(HardwareProbe.cacheSizes().map { ($0.0, .string($0.1)) })))
        profile.append("threads", .int(Int64(threads)))
        if let calibration = calibrate() { profile.append("calibration", calibration) }
        let registration = HiveNodeRegistration(nodeID: nodeID, cpuSignature: HardwareProbe.cpuModel(), cores: HardwareProbe.cores,
                                                profile: .object(profile))
        retrying("register") { () throws(HTTPClientError) -> Bool in
            let answer = try hive.post("/nodes/register", registration)
            if answer.status != 200 { log("register: hive answered \(answer.status) \(answer.errorCode ?? "")") }
            return answer.status == 200 || (400..<500).contains(answer.status)
        }
    }

    /// A short run of `keyforge bench`'s measurements on the standard workload (one thread, 0.2 s each).
    private func calibrate() -> JSONValue? {
        guard let catalog = try? AssetCatalog(), let keyboard = try? catalog.keyboard("corne"),
              let rubric = try? catalog.rubric("default"), let corpus = try? catalog.corpus("text/en_std"),
              let exact = try? ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus),
              let (_, start) = try? LayoutArgument.resolve("qwerty", keyboard: keyboard, keycodes: catalog.keycodes),
              let rates = try? Benchmark.measure(exact: exact, optimized: OptimizedScorer(exact: exact), start: start,
                                                    movable: keyboard.alphaKeys, seconds: 0.2, seed: 1)
        else { return nil }
        log("calibration: \(ReportText.fixed(rates.deltaSwap / 1e6, digits: 2)) M delta swaps/s, "
            + "\(ReportText.fixed(rates.annealStep / 1e6, digits: 2)) M annealing steps/s on one thread")
        return .object(JSONObject([("exact_evaluations_per_second", .double(rates.exactFull.rounded())),
                                   ("delta_swaps_per_second", .double(rates.deltaSwap.rounded())),
                                   ("annealing_steps_per_second", .double(rates.annealStep.rounded()))]))
    }

    private func heartbeatLoop() {
        while !Interrupt.isRequested {
            let beat = HiveNodeHeartbeat(nodeID: nodeID, stepsPerSecond: rate.withLock { $0 },
                                         temperatureCelsius: HardwareProbe.temperatureCelsius(), memoryBytes: HardwareProbe.residentBytes(),
                                         jobID: currentJob.withLock { $0 })
            // A missed heartbeat is not an error: the node just looks idle until the next one.
            _ = try? hive.post("/nodes/heartbeat", beat)
            pause(seconds: Double(Self.heartbeatSeconds))
        }
    }

    /// A lease, or nil when the hive has no work (or cannot be reached: then we wait and ask again).
    private func nextLease() -> (job: String, unit: Int, token: String, leaseSeconds: Int, config: JobConfig)? {
        let answer: HiveClient.Answer
        do { answer = try hive.post("/jobs/lease", HiveLeaseRequest(nodeID: nodeID)) } catch {
            log("lease: \(error); retrying")
            return nil
        }
        guard answer.status == 200, let grant = answer.decode(HiveLeaseGrant.self), let config = try? JobConfig(grant.config) else {
            if answer.status != 204 { log("lease: hive answered \(answer.status) \(answer.errorCode ?? "")") }
            return nil
        }
        return (grant.jobID, grant.unit, grant.leaseToken, grant.leaseSeconds, config)
    }

    // MARK: - One unit

    private func work(_ lease: (job: String, unit: Int, token: String, leaseSeconds: Int, config: JobConfig)) {
        let leased = ContinuousClock.now
        log("leased unit \(lease.unit) of job \(lease.job.prefix(12))")
        currentJob.withLock { $0 = lease.job }
        defer { currentJob.withLock { $0 = nil } }
        let plan: JobPlan
        if let lastPlan, lastPlan.job == lease.job {
            plan = lastPlan.plan
        } else {
            syncAssets()
            do { plan = try JobPlan(config: lease.config, catalog: AssetCatalog(identifiersOnly: true)) } catch {
                log("cannot prepare job \(lease.job.prefix(12)): \(error); handing the unit back")
                release(lease.job, lease.unit, lease.token, preparationFailure: "\(error)")
                return
            }
            lastPlan = (lease.job, plan)
        }
        let lost = StopFlag()
        let finished = StopFlag()
        let renewer = try? SystemThread(name: "kf-agent-lease") { [self] in
            renewLoop(lease.job, lease.unit, lease.token, every: max(1, Double(lease.leaseSeconds) / 3), lost: lost, finished: finished)
        }
        defer {
            finished.set()
            renewer?.join()
        }
        let began = ContinuousClock.now
        let preparation = ProgressLine.seconds(began - leased)
        let runner = SearchRunner(scorer: OptimizedScorer(exact: plan.exact), parameters: plan.parameters(unit: lease.unit),
                                  threads: threads, seconds: lease.config.budget.secondsPerUnit, quiet: true, label: "unit",
                                  shouldStop: { Interrupt.isRequested || lost.isSet },
                                  onProgress: { [self] steps in
                                      let seconds = ProgressLine.seconds(ContinuousClock.now - began)
                                      if seconds > 0 { rate.withLock { $0 = Double(steps) / seconds } }
                                  })
        let outcome: SearchRunner.Outcome
        do { outcome = try runner.run(start: plan.start) } catch {
            log("search failed: \(error); handing the unit back")
            release(lease.job, lease.unit, lease.token)
            return
        }
        if lost.isSet {
            log("lease of unit \(lease.unit) was lost (expired or cancelled); its result is dropped")
            return
        }
        let layout = outcome.best.layout
        let score = plan.exact.score(layout)
        let isFinal = !Interrupt.isRequested
        let searched = ContinuousClock.now
        searchingSeconds += ProgressLine.seconds(searched - began)
        submit(job: lease.job, unit: lease.unit, token: lease.token, layout: layout.tokenString,
               score: FixedPoint.toDouble(score.total), final: isFinal)
        let submission = ProgressLine.seconds(ContinuousClock.now - searched)
        let share = searchingSeconds / max(ProgressLine.seconds(ContinuousClock.now - started), 1e-9)
        log("unit \(lease.unit) of job \(lease.job.prefix(12)): best \(FixedPoint.toDouble(score.total)) after "
            + "\(outcome.replicas.reduce(Int64(0)) { $0 + $1.steps }) steps in \(ReportText.fixed(outcome.seconds, digits: 1)) s; "
            + "overhead \(Int(preparation * 1000)) ms before (sync, plan) and \(Int(submission * 1000)) ms after (submit); "
            + "searching \(ReportText.fixed(share * 100, digits: 1)) % of the agent's time so far")
        if !isFinal { release(lease.job, lease.unit, lease.token) }
    }

    private func renewLoop(_ job: String, _ unit: Int, _ token: String, every seconds: Double, lost: StopFlag, finished: StopFlag) {
        var last = ContinuousClock.now
        while !finished.isSet {
            WallClock.sleep(for: .milliseconds(100))
            guard ProgressLine.seconds(ContinuousClock.now - last) >= seconds else { continue }
            last = .now
            let renewal = HiveLeaseRenewal(unit: unit, leaseToken: token)
            guard let answer = try? hive.post("/jobs/\(job)/heartbeat", renewal) else { continue }  // hive away: keep working
            if answer.status == 409 { lost.set() }
        }
    }

    /// Hands the result to the courier, which keeps it on disk until the hive has stored or refused it.
    private func submit(job: String, unit: Int, token: String, layout: String, score: Double, final: Bool) {
        var generator = SystemRandomNumberGenerator()
        let nonce = "\(nodeID)-\(unit)-\(String(generator.next() as UInt64, radix: 36))"
        let submission = HiveResultSubmission(jobID: job, unit: unit, leaseToken: token, nodeID: nodeID, nonce: nonce, layout: layout,
                                              score: score, isFinal: final)
        courier.send(nonce: nonce, body: Array(JSONWriter.write(submission.json).utf8))
    }

    /// Hands a lease back; `preparationFailure` says the job could not be prepared here (the hive backs it off).
    private func release(_ job: String, _ unit: Int, _ token: String, preparationFailure: String? = nil) {
        _ = try? hive.post("/jobs/\(job)/release", HiveLeaseRenewal(unit: unit, leaseToken: token, preparationFailure: preparationFailure))
    }

    private func syncAssets() {
        let sync = AssetSync(baseURL: assetsURL, folder: "\(workspace.root)/\(Workspace.systemFolder)", client: client)
        do {
            let lock = try workspace.lock(timeoutMilliseconds: 5_000)
            defer { withExtendedLifetime(lock) {} }
            let report = try sync.run()
            if !report.downloaded.isEmpty { log("synced \(report.downloaded.count) assets") }
        } catch {
            log("assets: \(error); using the cached and embedded assets")
        }
    }

    /// Retries `body` with backoff until it returns true or a stop is asked for.
    private func retrying(_ what: String, _ body: () throws(HTTPClientError) -> Bool) {
        let backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(10), maxRetries: nil)
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while !Interrupt.isRequested {
            do { if try body() { return } } catch { log("\(what): \(error); retrying") }
            WallClock.sleep(for: backoff.delay(attempt: attempt, using: &generator))
            attempt += 1
        }
    }

    /// Sleeps up to `seconds`, waking early on a stop.
    private func pause(seconds: Double) {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !Interrupt.isRequested, ContinuousClock.now < end { WallClock.sleep(for: .milliseconds(100)) }
    }
}

/// A one-way flag shared between threads.
package final class StopFlag: Sendable {
    private let state = Atomic<Bool>(false)

    /// Raises the flag.
    package func set() { state.store(true, ordering: .releasing) }

    /// True once raised.
    package var isSet: Bool { state.load(ordering: .acquiring) }
}
