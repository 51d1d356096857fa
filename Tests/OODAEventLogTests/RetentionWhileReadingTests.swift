import Foundation
import OODACore
import Testing

@testable import OODAEventLog

/// A reader of a live log meets the writer's retention: segments removed while it starts, or ahead of it while
/// it reads.
@Suite struct RetentionWhileReadingTests {
    /// A log of 100 heartbeats over several 2000-byte segments.
    private func segmentedLog(_ root: String) throws -> [Int] {
        let writer = try LogFixture.writer(root, segmentBytes: 2000)
        for number in 1...100 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
        try writer.close()
        let segments = try LogDirectory(root).segments()
        try #require(segments.count >= 5)
        return segments
    }

    private func remove(_ segment: Int, in root: String) throws {
        try FileManager.default.removeItem(atPath: LogDirectory(root).segmentPath(segment))
    }

    @Test func aCursorWhoseFirstSegmentWentStartsAtTheOldestLeft() throws {
        try LogFixture.withDirectory { root in
            let listed = try segmentedLog(root)
            // Listed, then removed by retention before the cursor opened it.
            try remove(listed[0], in: root)
            try remove(listed[1], in: root)
            var cursor = try LogCursor(directory: LogDirectory(root), segments: listed, start: .beginning)
            var indices: [UInt64] = []
            while let record = try cursor.next() { indices.append(record.index) }
            let firstKept = try #require(try LogFixture.readAll(root).first?.index)
            #expect(firstKept > 1)
            #expect(indices == Array(firstKept...100))

            var fromIndex = try LogCursor(directory: LogDirectory(root), segments: listed, start: .index(2))
            #expect(try fromIndex.next()?.index == firstKept)
        }
    }

    @Test func aCursorLeftBehindByRetentionSaysSoInsteadOfSkipping() throws {
        try LogFixture.withDirectory { root in
            let listed = try segmentedLog(root)
            let inFirstSegment = try LogFixture.readAll(root).filter { $0.position.segment == listed[0] }.count
            var cursor = try EventLogReader(directory: root).records()
            let first = try #require(try cursor.next())
            #expect(first.index == 1)
            // The cursor has the first segment open; retention removes it and the two after it.
            for segment in listed.prefix(3) { try remove(segment, in: root) }
            var read = 1
            do throws(EventLogError) {
                while try cursor.next() != nil { read += 1 }
                Issue.record("the cursor read \(read) records past removed segments without a word")
            } catch {
                #expect(error.code == .notFound)
                #expect(error.path?.hasSuffix(LogDirectory.segmentName(listed[1])) == true)
                #expect(error.description.contains("was removed while this reader was still in the one before it"))
            }
            // What it had open it read to the end, and nothing after the removed segments.
            #expect(read == inFirstSegment)
        }
    }

    @Test func aMissingPositionIsStillNotFound() throws {
        try LogFixture.withDirectory { root in
            let listed = try segmentedLog(root)
            try remove(listed[0], in: root)
            #expect(throws: EventLogError.self) {
                let gone = RecordPosition(segment: listed[0], offset: 0)
                _ = try EventLogReader(directory: root).records(from: .position(gone))
            }
        }
    }
}
