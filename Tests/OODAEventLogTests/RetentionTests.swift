import Foundation
import OODACore
import Testing

@testable import OODAEventLog

/// `retainedBytes` keeps a log within a size by removing its oldest segments, never the one being written.
@Suite struct RetentionTests {
    @Test func theFewestOldestSegmentsGoAndNeverTheLast() {
        let retention = SegmentRetention(budget: 250)
        let sizes: [(index: Int, bytes: Int64)] = [(3, 100), (4, 100), (5, 100), (6, 40)]
        #expect(retention.segmentsToRemove(sizes) == [3])
        #expect(SegmentRetention(budget: 340).segmentsToRemove(sizes) == [])
        #expect(SegmentRetention(budget: 339).segmentsToRemove(sizes) == [3])
        // Even a budget smaller than the last segment keeps it.
        #expect(SegmentRetention(budget: 10).segmentsToRemove(sizes) == [3, 4, 5])
        #expect(SegmentRetention(budget: 10).segmentsToRemove([(1, 500)]) == [])
        #expect(SegmentRetention(budget: 10).segmentsToRemove([]) == [])
    }

    @Test func aWriterKeepsItsLogWithinTheBudgetAndTheLogStillVerifies() throws {
        try LogFixture.withDirectory { root in
            let segmentBytes = 2000
            let budget: Int64 = 6000
            let writer = try EventLogWriter(
                directory: root,
                configuration: EventLogConfiguration(
                    segmentBytes: segmentBytes,
                    durability: .never,
                    retainedBytes: budget
                ),
                logger: LogFixture.logger
            )
            for number in 1...200 {
                try writer.append(LogFixture.heartbeat(UInt64(number)))
                let log = LogDirectory(root)
                let total = try log.segments().reduce(Int64(0)) { $0 + (try log.segmentSize($1)) }
                // Within the budget after every append, give or take the segment being written.
                #expect(total <= budget + Int64(segmentBytes))
            }
            try writer.close()
            let segments = try LogDirectory(root).segments()
            #expect(segments.first ?? 1 > 1, "old segments were removed")
            let report = try LogVerifier.verify(path: root)
            #expect(report.isValid, "\(report)")
            #expect(report.logs.first?.lastIndex == 200)
            #expect(try LogFixture.readAll(root).last?.index == 200)
        }
    }

    @Test func aSmallerBudgetTakesEffectWhenTheLogIsOpened() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 2000)
            for number in 1...100 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            let before = try LogDirectory(root).segments()
            try #require(before.count >= 5)
            let reopened = try EventLogWriter(
                directory: root,
                configuration: EventLogConfiguration(segmentBytes: 2000, durability: .never, retainedBytes: 4000),
                logger: LogFixture.logger
            )
            let after = try LogDirectory(root).segments()
            #expect(after.count < before.count)
            #expect(after.last == before.last)
            #expect(reopened.recovery.lastIndex == 100)
            try reopened.append(LogFixture.heartbeat(101))
            try reopened.close()
            #expect(try LogVerifier.verify(path: root).isValid)
        }
    }
}
