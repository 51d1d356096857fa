import Foundation
import OODACore
import Testing

@testable import OODAEventLog

/// A reader given the log's end as it was reads to there, whatever is appended after.
@Suite struct LogEndTests {
    @Test func aCursorStopsAtTheEndTakenBeforeMoreWasAppended() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 2000)
            for number in 1...40 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            let reader = try EventLogReader(directory: root)
            let end = try #require(try reader.end())
            // The writer goes on, into the end's segment and into new ones.
            for number in 41...100 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            #expect(try reader.segments().last ?? 0 > end.segment)

            var cursor = try reader.records(to: end)
            var indices: [UInt64] = []
            while let record = try cursor.next() { indices.append(record.index) }
            #expect(indices == Array(1...40))
            #expect(cursor.tornTail == nil)
            // Without an end, the log as it is now.
            #expect(try LogFixture.readAll(root).count == 100)
        }
    }

    @Test func anEndInsideARecordBeingWrittenStopsBeforeIt() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 1 << 20)
            for number in 1...10 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            let reader = try EventLogReader(directory: root)
            let whole = try #require(try reader.end())
            let lastStart = try #require(try LogFixture.readAll(root).last?.position.offset)
            // As if the size was read while the last record was half written.
            let middle = RecordPosition(segment: whole.segment, offset: lastStart + 20)
            var cursor = try reader.records(to: middle)
            var count = 0
            while try cursor.next() != nil { count += 1 }
            #expect(count == 9)
            #expect(cursor.tornTail?.code == .tornTail)
        }
    }
}
