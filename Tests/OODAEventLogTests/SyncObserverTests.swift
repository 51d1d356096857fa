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

/// The group-commit flusher's alarm: a group is synced at its deadline with no other append to prompt it, not
/// before, and at once when it is full.
@Suite struct GroupCommitAlarmTests {
    @Test func aGroupIsSyncedAtItsDeadlineAndNotBefore() throws {
        let syncs = SyncRecorder()
        try LogFixture.withDirectory { directory in
            let writer = try LogFixture.writer(
                directory,
                durability: .group(maxDelay: .milliseconds(30), maxRecords: 1000),
                recording: syncs
            )
            let appended = ContinuousClock.now
            try writer.append(LogFixture.heartbeat(1))
            try writer.append(LogFixture.heartbeat(2))
            #expect(syncs.signal.wait(timeout: .now() + 10) == .success, "synced with no further append")
            let syncedAt = try #require(syncs.times.withLock { $0.first })
            #expect(syncedAt - appended >= .milliseconds(30), "the group waited for its deadline")
            #expect(syncs.count == 1, "both records in one sync")
            try writer.close()
        }
    }

    @Test func aFullGroupIsSyncedAtOnce() throws {
        let syncs = SyncRecorder()
        try LogFixture.withDirectory { directory in
            let writer = try LogFixture.writer(
                directory,
                durability: .group(maxDelay: .seconds(3600), maxRecords: 3),
                recording: syncs
            )
            try writer.append(LogFixture.heartbeat(1))
            try writer.append(LogFixture.heartbeat(2))
            #expect(syncs.signal.wait(timeout: .now() + .milliseconds(50)) == .timedOut, "two of three wait")
            try writer.append(LogFixture.heartbeat(3))
            #expect(syncs.signal.wait(timeout: .now() + 10) == .success, "the third fills the group")
            try writer.close()
        }
    }

    @Test func closingSyncsAPendingGroupAndStopsTheFlusherAtOnce() throws {
        let syncs = SyncRecorder()
        try LogFixture.withDirectory { directory in
            let writer = try LogFixture.writer(
                directory,
                durability: .group(maxDelay: .seconds(3600), maxRecords: 1000),
                recording: syncs
            )
            try writer.append(LogFixture.heartbeat(1))
            let closing = ContinuousClock.now
            try writer.close()
            #expect(syncs.count == 1, "close made the pending record durable")
            // Bounded far above its normal time: close does not wait for the group's hour.
            #expect(ContinuousClock.now - closing < .seconds(60))
        }
    }
}
