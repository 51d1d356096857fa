import OODACore
import Testing

@testable import OODAEventLog

@Suite struct EventLogRoundTripTests {
    @Test func hundredThousandRecordsRoundTrip() throws {
        try LogFixture.withDirectory { root in
            let directory = "\(root)/events/observe"
            let count: UInt64 = 100_000
            let writer = try LogFixture.writer(directory, durability: .group())
            let codec = WireCodec()
            var expected: [[UInt8]] = []
            expected.reserveCapacity(Int(count))
            for number in 1...count {
                let payload = codec.encodeJSON(LogFixture.heartbeat(number))
                let appended = try writer.append(encodedJSON: payload)
                #expect(appended.index == number)
                expected.append(payload)
            }
            try writer.close()
            let records = try LogFixture.readAll(directory)
            #expect(records.count == Int(count))
            #expect(records.map(\.payload) == expected)
            #expect(records.last?.envelope == LogFixture.heartbeat(count))
            #expect(records.map(\.index) == Array(1...count))
            #expect(try LogVerifier.verify(path: "\(root)/events").isValid)
        }
    }

    @Test func appendingAnEnvelopeStoresItsWireEncoding() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, durability: .always)
            let envelope = LogFixture.decision(1, timeNanos: 5, causes: [EventID(rawValue: "orient-1-orientation-1")])
            try writer.append(envelope)
            try writer.close()
            let record = try #require(try LogFixture.readAll(root).first)
            #expect(record.payload == WireCodec().encodeJSON(envelope))
            #expect(record.envelope == envelope)
        }
    }

    @Test func segmentsRotateBySizeAndTheChainGoesOnAcrossThem() throws {
        try LogFixture.withDirectory { root in
            let segmentBytes = 4096
            let writer = try LogFixture.writer(root, segmentBytes: segmentBytes, durability: .group())
            for number in 1...200 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            let segments = try EventLogReader(directory: root).segments()
            #expect(segments.count > 5)
            #expect(segments == Array(1...segments.count))
            for segment in segments {
                let size = try LogFixture.bytes(of: LogDirectory(root).segmentPath(segment)).count
                #expect(size <= segmentBytes)
                #expect(size > 0)
            }
            let records = try LogFixture.readAll(root)
            #expect(records.map(\.index) == Array(1...200))
            #expect(Set(records.map(\.position.segment)) == Set(segments))
            // Reopening continues the chain in the last segment.
            let reopened = try LogFixture.writer(root, segmentBytes: segmentBytes)
            #expect(reopened.recovery.lastIndex == 200)
            #expect(reopened.recovery.tornTail == nil)
            let next = try reopened.append(LogFixture.heartbeat(201))
            #expect(next.index == 201)
            try reopened.close()
            #expect(try LogVerifier.verify(path: root).logs.first?.records == 201)
        }
    }

    @Test func aRecordLargerThanASegmentGetsOneOfItsOwn() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 300)
            for number in 1...3 { try writer.append(LogFixture.heartbeat(UInt64(number))) }
            try writer.close()
            #expect(try EventLogReader(directory: root).segments() == [1, 2, 3])
            #expect(try LogFixture.readAll(root).count == 3)
        }
    }

    @Test func readsFromTheMiddleByIndexAndByPosition() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 8192)
            var appended: [AppendedRecord] = []
            for number in 1...1000 { appended.append(try writer.append(LogFixture.heartbeat(UInt64(number)))) }
            try writer.close()
            let byIndex = try LogFixture.readAll(root, from: .index(537))
            #expect(byIndex.map(\.index) == Array(537...1000))
            #expect(byIndex.first?.envelope == LogFixture.heartbeat(537))
            #expect(byIndex.first?.position == appended[536].position)
            let byPosition = try LogFixture.readAll(root, from: .position(appended[536].position))
            #expect(byPosition.map(\.index) == Array(537...1000))
            let afterLast = try LogFixture.readAll(root, from: .index(1001))
            #expect(afterLast.isEmpty)
            // Resuming after a record a reader already has: its next position.
            let resumed = try LogFixture.readAll(root, from: .position(byIndex[10].nextPosition))
            #expect(resumed.first?.index == 548)
        }
    }

    @Test(arguments: ["always", "group", "never"])
    func everyDurabilityKeepsEveryRecord(name: String) throws {
        try LogFixture.withDirectory { root in
            let durability = try #require(Durability(name: name))
            let writer = try LogFixture.writer(root, durability: durability)
            for number in 1...50 { try writer.append(LogFixture.heartbeat(UInt64(number)), sync: number == 25) }
            try writer.sync()
            try writer.close()
            #expect(try LogFixture.readAll(root).count == 50)
            #expect(throws: EventLogError.self) { try writer.append(LogFixture.heartbeat(51)) }
        }
    }

    @Test func lastRecordsGiveARestartingStageItsStateAndSequences() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root, segmentBytes: 2048)
            let start = Envelope(
                source: .orient,
                epoch: 1,
                sequence: 1,
                timeNanos: 0,
                body: .stageStarted(StageStarted(version: "1", stage: .orient, configuration: .null))
            )
            try writer.append(start)
            for sequence in 1...30 {
                try writer.append(LogFixture.orientation(UInt64(sequence), timeNanos: Int64(sequence), causes: []))
            }
            for number in 1...20 { try writer.append(LogFixture.heartbeat(UInt64(number), source: .orient)) }
            try writer.close()
            let last = try EventLogReader(directory: root).lastRecords(of: [.orientation, .heartbeat, .stageStarted])
            #expect(last.sequences == [.orientation: 30, .heartbeat: 20, .stageStarted: 1])
            #expect(last.envelope(of: .orientation)?.body.orientation?.filter.steps == 30)
            #expect(last.last?.index == 51)
            #expect(last.lastEpoch == 7)
            let empty = try LogFixture.withDirectory { try EventLogReader(directory: $0).lastRecords() }
            #expect(empty.last == nil)
        }
    }
}
