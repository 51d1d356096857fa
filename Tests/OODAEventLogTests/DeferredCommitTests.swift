import Dispatch
import OODACore
import Synchronization
import Testing

@testable import OODAEventLog

/// `append(encodedJSON:beforeCommitting:)`: the record is written before the work runs, and the group commit
/// starts only after it, whether it returns or throws.
@Suite struct DeferredCommitTests {
    private struct PublishFailed: Error {}

    @Test func theRecordIsWrittenBeforeTheWorkAndMadeDurableAfterIt() async throws {
        let syncs = SyncRecorder()
        try await LogFixture.withAsyncDirectory { directory in
            let writer = try LogFixture.writer(directory, durability: Self.group, recording: syncs)
            // A first commit, so that the flusher thread has started and waits for work.
            try writer.append(LogFixture.heartbeat(1))
            #expect(syncs.waitForOne())
            let json = WireCodec().encodeJSON(LogFixture.heartbeat(2))
            let seen = try await writer.append(encodedJSON: json) { record in
                // Written: a reader finds it. Not yet committed: the flusher has not been woken.
                let count = try Self.recordCount(directory)
                // Here the event is an absence: a flusher woken too early would sync within its 1 ms delay, so
                // 20 ms without a sync shows it was not.
                try await Task.sleep(for: .milliseconds(20))
                #expect(syncs.count == 1, "the flusher waits until the work is done")
                return (record.index, count)
            }
            #expect(seen.0 == 2)
            #expect(seen.1 == 2)
            #expect(syncs.waitForOne(), "the flusher commits once the work is done")
            try writer.close()
        }
    }

    @Test func workThatThrowsStillStartsTheCommit() async throws {
        let syncs = SyncRecorder()
        try await LogFixture.withAsyncDirectory { directory in
            let writer = try LogFixture.writer(directory, durability: Self.group, recording: syncs)
            await #expect(throws: PublishFailed.self) {
                try await writer.append(encodedJSON: WireCodec().encodeJSON(LogFixture.heartbeat(1))) { _ in
                    throw PublishFailed()
                }
            }
            #expect(syncs.waitForOne())
            #expect(try Self.recordCount(directory) == 1, "the record stays: it was appended before the work")
            try writer.close()
        }
    }

    @Test func aFailedAppendDoesNotRunTheWork() async throws {
        try await LogFixture.withAsyncDirectory { directory in
            let writer = try LogFixture.writer(directory, durability: .group())
            try writer.close()
            var ran = false
            await #expect(throws: EventLogError.self) {
                try await writer.append(encodedJSON: WireCodec().encodeJSON(LogFixture.heartbeat(1))) { _ in
                    ran = true
                }
            }
            #expect(!ran)
        }
    }

    private static let group = Durability.group(maxDelay: .milliseconds(1), maxRecords: 1000)

    private static func recordCount(_ directory: String) throws -> Int {
        var cursor = try EventLogReader(directory: directory).records()
        var count = 0
        while try cursor.next() != nil { count += 1 }
        return count
    }
}
