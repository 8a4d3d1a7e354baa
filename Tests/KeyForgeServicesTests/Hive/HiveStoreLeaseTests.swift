import Foundation
import KeyForgeAdapters
import KeyForgeTestSupport
import KeyForgeServices
import Synchronization
import Testing

/// The lease's pick within one job, and under concurrent leases (the SQL store's pick walks two indexes, one
/// for queued units and one for leases, and takes the lower of the two: these tests pin that it still
/// hands out the lowest open unit of either kind, and each unit once).
@Suite("HiveStore leases: unit order within a job, concurrent leases")
struct HiveStoreLeaseTests {
    @Test("within a job the lowest open unit goes first, whether it is queued or its lease expired",
          arguments: HiveStoreKind.allCases)
    func queuedAndExpiredInterleaved(kind: HiveStoreKind) throws {
        let store = try kind.make(leaseSeconds: 1)
        let job = try storeJobConfig(units: 6, seed: 81)
        _ = try store.createJob(job)
        let held = try (0..<4).map { index in try #require(try store.lease(node: "n\(index)")) }
        #expect(held.map(\.unit) == [0, 1, 2, 3])
        // Units 1 and 3 go back to the queue; 0 and 2 stay leased until their leases expire.
        #expect(try store.release(jobID: job.jobID, unit: 1, token: held[1].token))
        #expect(try store.release(jobID: job.jobID, unit: 3, token: held[3].token))
        usleep(2_200_000)
        // Open now: 0 (expired), 1 (queued), 2 (expired), 3, 4, 5 (queued): leased in unit order.
        let again = try (0..<6).map { index in try #require(try store.lease(node: "m\(index)")) }
        #expect(again.map(\.unit) == [0, 1, 2, 3, 4, 5])
        #expect(again[0].token != held[0].token && again[2].token != held[2].token)
    }

    @Test("concurrent leases (8 threads, 8 connections) hand out every unit exactly once, and the job runs")
    func concurrentLeases() throws {
        var configuration = try PostgresConfiguration(url: try PostgresServerHarness.shared.createDatabase())
        configuration.poolSize = 8
        let pool = PostgresPool(configuration: configuration)
        _ = try PostgresMigrator.migrate(pool: pool, migrations: HiveMigrations.all, log: { _ in })
        let store = SQLHiveStore(pool: pool)
        let job = try storeJobConfig(units: 240, seed: 82)
        _ = try store.createJob(job)
        let granted = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            while true {
                do {
                    guard let lease = try store.lease(node: "t\(thread)") else { return }
                    granted.withLock { $0.append(lease.unit) }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                    return
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(granted.withLock { $0.sorted() } == Array(0..<240))
        let status = try #require(try store.jobStatus(job.jobID))
        #expect(status.status == "running" && status.unitsLeased == 240 && status.startedAt != nil)
    }
}
