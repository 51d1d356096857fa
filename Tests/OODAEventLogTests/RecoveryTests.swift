import Foundation
import OODACore
import Testing

@testable import OODAEventLog

@Suite struct RecoveryTests {
    @Test func truncatingTheLastRecordAtEveryOffsetRecoversToTheRecordBefore() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root)
            for number in 1...5 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            let path = LogDirectory(root).segmentPath(1)
            let original = try LogFixture.bytes(of: path)
            let lastStart = try #require(LogFixture.lineStarts(original).last)
            for cut in (lastStart + 1)..<original.count {
                try LogFixture.write(Array(original[..<cut]), to: path)
                let reopened = try LogFixture.writer(root)
                #expect(reopened.recovery.lastIndex == 4)
                let tornTail = try #require(reopened.recovery.tornTail)
                #expect(tornTail.code == .tornTail)
                #expect(tornTail.path == path)
                #expect(tornTail.offset == Int64(lastStart))
                try reopened.close()
                #expect(try LogFixture.bytes(of: path) == Array(original[..<lastStart]))
            }
            // After the cut the log takes appends again and verifies.
            let writer2 = try LogFixture.writer(root)
            #expect(try writer2.append(LogFixture.heartbeat(5)).index == 5)
            try writer2.close()
            #expect(try LogVerifier.verify(path: root).isValid)
        }
    }

    @Test func aReaderStopsBeforeATornTailAndReportsIt() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root)
            for number in 1...3 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            let path = LogDirectory(root).segmentPath(1)
            let bytes = try LogFixture.bytes(of: path)
            try LogFixture.write(Array(bytes.dropLast(10)), to: path)
            var cursor = try EventLogReader(directory: root).records()
            var count = 0
            while try cursor.next() != nil { count += 1 }
            #expect(count == 2)
            #expect(cursor.tornTail?.code == .tornTail)
            let report = try LogVerifier.verify(path: root)
            #expect(report.isValid)
            #expect(report.logs.first?.tornTail != nil)
        }
    }

    /// Which byte of record 10 to flip, and the check that must catch it.
    @Test(arguments: [
        ("payload", EventLogError.Code.corruptRecord),
        ("crc", EventLogError.Code.corruptRecord),
        ("hash", EventLogError.Code.brokenChain),
        ("prev", EventLogError.Code.brokenChain),
    ])
    func aFlippedByteInTheMiddleIsReportedWithFileAndOffset(field: String, code: EventLogError.Code) throws {
        try LogFixture.withDirectory { root in
            let positions = try Self.writeTwenty(root)
            let path = LogDirectory(root).segmentPath(1)
            var bytes = try LogFixture.bytes(of: path)
            let start = Int(positions[9].offset)
            let line = String(decoding: bytes[start...].prefix { $0 != 0x0A }, as: UTF8.self)
            let marker = field == "payload" ? #""messagesOut":"# : #""\#(field)":""#
            let fieldStart = try #require(line.utf8.firstRange(of: marker.utf8)).upperBound
            let index = start + line.utf8.distance(from: line.utf8.startIndex, to: fieldStart) + 1
            bytes[index] = bytes[index] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            try LogFixture.write(bytes, to: path)
            let report = try LogVerifier.verify(path: root)
            let failure = try #require(report.failure)
            #expect(failure.code == code)
            #expect(failure.path == path)
            #expect(failure.offset == Int64(start))
            #expect(report.logs.first?.records == 9)
            #expect(report.description.contains("first bad record"))
            // The writer refuses to open over it rather than skip it.
            #expect(throws: EventLogError.self) { try LogFixture.writer(root) }
        }
    }

    @Test(arguments: [false, true])
    func aRecordRewrittenWithARecomputedChecksumIsCaughtByTheChain(rehash: Bool) throws {
        try LogFixture.withDirectory { root in
            let positions = try Self.writeTwenty(root)
            let path = LogDirectory(root).segmentPath(1)
            let bytes = try LogFixture.bytes(of: path)
            let start = Int(positions[9].offset)
            let end = Int(positions[10].offset)
            let original = try Array(bytes[start..<(end - 1)]).withUnsafeBytes { raw in
                Result { () throws(EventLogError) in try RecordLine.parse(raw, path: path, offset: 0) }
            }.get()
            let forged = WireCodec().encodeJSON(LogFixture.heartbeat(999))
            var line = forged.withUnsafeBytes {
                RecordLine.encode(sequence: 10, previous: original.previous, payload: $0).line
            }
            if !rehash {
                // Keep the old hash: only the checksum was recomputed.
                let text = String(decoding: line, as: UTF8.self)
                    .replacingOccurrences(
                        of: #""hash":"[0-9a-f]{64}""#,
                        with: #""hash":"\#(original.hash)""#,
                        options: .regularExpression
                    )
                line = Array(text.utf8)
            }
            try LogFixture.write(Array(bytes[..<start]) + line + Array(bytes[end...]), to: path)
            let failure = try #require(try LogVerifier.verify(path: root).failure)
            #expect(failure.code == .brokenChain)
            #expect(failure.path == path)
            // Without the old hash the record itself fails; with a new hash the next record's prev does.
            let expectedOffset = rehash ? start + line.count : start
            #expect(failure.offset == Int64(expectedOffset))
        }
    }

    @Test func anEmptySegmentAfterRotationContinuesTheChain() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root)
            for number in 1...3 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            // A crash right after creating the next segment leaves it empty.
            try LogFixture.write([], to: LogDirectory(root).segmentPath(2))
            let reopened = try LogFixture.writer(root)
            #expect(reopened.recovery.lastIndex == 3)
            #expect(try reopened.append(LogFixture.heartbeat(4)).position.segment == 2)
            try reopened.close()
            #expect(try LogVerifier.verify(path: root).logs.first?.records == 4)
        }
    }

    private static func writeTwenty(_ root: String) throws -> [RecordPosition] {
        let writer = try LogFixture.writer(root)
        var positions: [RecordPosition] = []
        for number in 1...20 { positions.append(try writer.append(LogFixture.heartbeat(UInt64(number))).position) }
        try writer.close()
        return positions
    }
}
