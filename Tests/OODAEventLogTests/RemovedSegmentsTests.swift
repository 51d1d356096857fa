import Foundation
import OODACore
import Testing

@testable import OODAEventLog

/// An operator frees the disk by removing a log's oldest segments, oldest first (docs/operations.md). What is
/// left still reads, verifies and takes appends; a segment missing in the middle is still corruption.
@Suite struct RemovedSegmentsTests {
    /// Writes 60 heartbeats in segments of 2,000 bytes and returns the segments' indices with, for each, the hash
    /// of its last record.
    private static func writeSegments(_ root: String) throws -> [(segment: Int, head: ChainHash)] {
        let writer = try LogFixture.writer(root, segmentBytes: 2000)
        var heads: [Int: ChainHash] = [:]
        for number in 1...60 {
            let appended = try writer.append(LogFixture.heartbeat(UInt64(number)))
            heads[appended.position.segment] = appended.hash
        }
        try writer.close()
        return heads.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private static func remove(_ segment: Int, in root: String) throws {
        try FileManager.default.removeItem(atPath: LogDirectory(root).segmentPath(segment))
    }

    @Test func aLogWhoseOldestSegmentsWereRemovedVerifiesFromTheOldestLeft() throws {
        try LogFixture.withDirectory { root in
            let segments = try Self.writeSegments(root)
            try #require(segments.count >= 4)
            try Self.remove(1, in: root)
            try Self.remove(2, in: root)
            let firstLeft = try #require(LogFixture.readAll(root).first)

            let report = try LogVerifier.verify(path: root)
            let check = try #require(report.logs.first)
            #expect(report.isValid, "\(report)")
            #expect(check.firstSegment == 3)
            #expect(check.firstIndex == firstLeft.index)
            #expect(check.lastIndex == 60)
            #expect(check.records == 60 - firstLeft.index + 1)
            // The chain is anchored at the head of what was removed: an archived copy can be matched to it.
            #expect(check.anchor == segments[1].head)
            #expect(report.description.contains("segments before 00000003.jsonl were removed"))
            #expect(report.description.contains("(\(firstLeft.index)…60)"))
        }
    }

    @Test func aSegmentMissingInTheMiddleIsCorruptionNamingIt() throws {
        try LogFixture.withDirectory { root in
            let segments = try Self.writeSegments(root)
            try #require(segments.count >= 4)
            try Self.remove(2, in: root)
            let failure = try #require(try LogVerifier.verify(path: root).failure)
            #expect(failure.code == .corruptRecord)
            #expect(failure.path == LogDirectory(root).segmentPath(2))
            #expect(failure.detail.contains("oldest first"))
            #expect(throws: EventLogError.self) { try LogFixture.writer(root) }
        }
    }

    @Test func aChangedRecordAfterTheRemovedOnesIsStillFound() throws {
        try LogFixture.withDirectory { root in
            _ = try Self.writeSegments(root)
            try Self.remove(1, in: root)
            // Swap the second and third records of the oldest segment left: every link after the first is checked.
            let path = LogDirectory(root).segmentPath(2)
            var lines = String(decoding: try LogFixture.bytes(of: path), as: UTF8.self).split(separator: "\n")
            try #require(lines.count >= 3)
            lines.swapAt(1, 2)
            try LogFixture.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
            let failure = try #require(try LogVerifier.verify(path: root).failure)
            #expect(failure.code == .brokenChain)
            #expect(failure.path == path)
        }
    }

    @Test func theWriterReopensALogWhoseOldestSegmentsWereRemovedAndGoesOn() throws {
        try LogFixture.withDirectory { root in
            let segments = try Self.writeSegments(root)
            for (segment, _) in segments.dropLast() { try Self.remove(segment, in: root) }
            let reopened = try LogFixture.writer(root, segmentBytes: 2000)
            #expect(reopened.recovery.lastIndex == 60)
            #expect(reopened.recovery.lastHash == segments.last?.head)
            for number in 61...70 { try reopened.append(LogFixture.heartbeat(UInt64(number))) }
            try reopened.close()
            let report = try LogVerifier.verify(path: root)
            #expect(report.isValid, "\(report)")
            #expect(report.logs.first?.lastIndex == 70)
            #expect(try LogFixture.readAll(root).map(\.index).last == 70)
        }
    }

    @Test func anEmptyOnlySegmentAfterRemovalIsAClearError() throws {
        try LogFixture.withDirectory { root in
            let segments = try Self.writeSegments(root)
            for (segment, _) in segments.dropLast() { try Self.remove(segment, in: root) }
            // As if the writer crashed right after rotating, and everything before was removed.
            let next = try #require(segments.last).segment + 1
            try LogFixture.write([], to: LogDirectory(root).segmentPath(next))
            try Self.remove(next - 1, in: root)
            #expect {
                try LogFixture.writer(root)
            } throws: { error in
                guard let error = error as? EventLogError else { return false }
                return error.path == LogDirectory(root).segmentPath(next) && error.detail.contains("fresh log")
            }
        }
    }

    @Test func readingFromARecordBeforeTheOldestLeftStartsAtTheOldestLeft() throws {
        try LogFixture.withDirectory { root in
            _ = try Self.writeSegments(root)
            try Self.remove(1, in: root)
            let all = try LogFixture.readAll(root)
            let first = try #require(all.first)
            #expect(try LogFixture.readAll(root, from: .index(1)).map(\.index) == all.map(\.index))
            #expect(try LogFixture.readAll(root, from: .index(first.index + 5)).first?.index == first.index + 5)
        }
    }
}
