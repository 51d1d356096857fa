import Foundation
import OODACore
import Testing

@testable import OODAEventLog

/// A preamble is written as the first record of each segment the writer starts by rotation (a stage's run
/// re-announced), before the record that filled the last one.
@Suite struct SegmentPreambleTests {
    @Test func eachNewSegmentStartsWithThePreambleAndTheChainHolds() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 2000)
            var preambles = 0
            for number in 1...60 {
                let json = WireCodec().encodeJSON(LogFixture.heartbeat(UInt64(number)))
                try writer.append(encodedJSON: json) {
                    preambles += 1
                    return WireCodec().encodeJSON(LogFixture.heartbeat(UInt64(1000 + preambles)))
                }
            }
            try writer.close()
            let segments = try LogDirectory(root).segments()
            try #require(segments.count >= 3)
            #expect(preambles == segments.count - 1, "called at each rotation, not for the first segment")
            let records = try LogFixture.readAll(root)
            #expect(records.count == 60 + preambles)
            for segment in segments.dropFirst() {
                let first = try #require(records.first { $0.position.segment == segment })
                #expect(first.position.offset == 0)
                guard case .heartbeat(let beat) = first.envelope.body else {
                    Issue.record("segment \(segment) starts with \(first.envelope.kind)")
                    continue
                }
                #expect(beat.messagesIn > 1000, "the preamble, not an appended record")
            }
            // The appended records are all there, in order, after the preambles.
            let appended = records.compactMap { record -> UInt64? in
                guard case .heartbeat(let beat) = record.envelope.body, beat.messagesIn <= 1000 else { return nil }
                return beat.messagesIn
            }
            #expect(appended == Array(1...60))
            #expect(try LogVerifier.verify(path: root).isValid)
        }
    }

    @Test func aPreambleThatIsNotAJSONObjectIsRefusedAndTheRecordIsNotAppended() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 2000)
            // Appends go in until one starts a new segment and asks for the (bad) preamble.
            var appended = 0
            var refused: EventLogError?
            while refused == nil && appended < 100 {
                do throws(EventLogError) {
                    try writer.append(
                        encodedJSON: WireCodec().encodeJSON(LogFixture.heartbeat(UInt64(appended + 1))),
                        startingSegmentWith: { Array("not json".utf8) }
                    )
                    appended += 1
                } catch {
                    refused = error
                }
            }
            #expect(refused?.code == .invalidPayload)
            #expect(appended > 1)
            try writer.close()
            #expect(try LogFixture.readAll(root).count == appended)
            #expect(try LogVerifier.verify(path: root).isValid)
        }
    }
}
