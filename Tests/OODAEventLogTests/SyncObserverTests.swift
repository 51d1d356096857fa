import Dispatch
import OODACore
import Synchronization
import Testing

@testable import OODAEventLog

@Suite struct SyncObserverTests {
    @Test func theGroupCommitFlusherReportsItsSyncs() throws {
        let synced = DispatchSemaphore(value: 0)
        try LogFixture.withDirectory { directory in
            let writer = try EventLogWriter(
                directory: directory,
                configuration: EventLogConfiguration(
                    durability: .group(maxDelay: .milliseconds(1), maxRecords: 1000),
                    syncObserver: { _ in synced.signal() }
                ),
                logger: LogFixture.logger
            )
            _ = try writer.append(LogFixture.heartbeat(1))
            // Waits for the flusher's report (bounded), before close() would sync on its own.
            #expect(synced.wait(timeout: .now() + 10) == .success)
            try writer.close()
        }
    }

    @Test(arguments: [(Durability.always, 5), (Durability.never, 0)])
    func everyFsyncIsReportedWithItsDuration(durability: Durability, syncs: Int) throws {
        let reported = Mutex<[Duration]>([])
        try LogFixture.withDirectory { directory in
            let writer = try EventLogWriter(
                directory: directory,
                configuration: EventLogConfiguration(
                    durability: durability,
                    syncObserver: { duration in reported.withLock { $0.append(duration) } }
                ),
                logger: LogFixture.logger
            )
            for number in 1...5 { _ = try writer.append(LogFixture.heartbeat(UInt64(number))) }
            let durations = reported.withLock { $0 }
            #expect(durations.count == syncs)
            #expect(durations.allSatisfy { $0 >= .zero })
            _ = try writer.append(LogFixture.heartbeat(6), sync: true)
            #expect(reported.withLock { $0.count } == syncs + 1, "an explicit sync is reported too")
            try writer.close()
        }
    }
}
