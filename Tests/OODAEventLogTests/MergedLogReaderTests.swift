import OODACore
import Testing

@testable import OODAEventLog

@Suite struct MergedLogReaderTests {
    @Test func equalTimesComeOutCausesFirstWhateverTheLogOrder() throws {
        try LogFixture.withDirectory { root in
            let time: Int64 = 1_000
            let observation = LogFixture.observation(1, timeNanos: time, cpu: 0.9)
            let orientation = LogFixture.orientation(1, timeNanos: time, causes: [observation.id])
            let first = LogFixture.decision(1, timeNanos: time, causes: [orientation.id])
            let outcome = LogFixture.outcome(1, timeNanos: time, decision: first.id)
            let second = LogFixture.decision(2, timeNanos: time, causes: [outcome.id])
            try Self.write([first, second], to: "\(root)/decide")
            try Self.write([outcome], to: "\(root)/act")
            try Self.write([orientation], to: "\(root)/orient")
            try Self.write([observation], to: "\(root)/observe")
            // The worst tie order: every effect's log before its cause's.
            var reader = try MergedLogReader(
                directories: ["decide", "act", "orient", "observe"].map { "\(root)/\($0)" }
            )
            var ids: [EventID] = []
            while let record = try reader.next() { ids.append(record.envelope.id) }
            #expect(ids == [observation.id, orientation.id, first.id, outcome.id, second.id])
        }
    }

    @Test func recordsInterleaveByEventTime() throws {
        try LogFixture.withDirectory { root in
            try Self.write(
                [1, 4, 6].map { LogFixture.heartbeat($0, source: .observe, timeNanos: Int64($0)) },
                to: "\(root)/observe"
            )
            try Self.write(
                [2, 3, 5].map { LogFixture.heartbeat($0, source: .decide, timeNanos: Int64($0)) },
                to: "\(root)/decide"
            )
            var reader = try MergedLogReader(path: root)
            #expect(reader.directories == ["\(root)/observe", "\(root)/decide"])
            var times: [Int64] = []
            while let record = try reader.next() { times.append(record.envelope.timeNanos) }
            #expect(times == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test func catFiltersByKindAndTimeAndPrintsTextOrStoredJSON() throws {
        try LogFixture.withDirectory { root in
            let observation = LogFixture.observation(1, timeNanos: 10, cpu: 0.5)
            let decision = LogFixture.decision(1, timeNanos: 20, causes: [])
            try Self.write([observation], to: "\(root)/observe")
            try Self.write([decision], to: "\(root)/decide")
            var lines: [String] = []
            try LogPrinter(kinds: [.decision]).print(path: root) { lines.append($0) }
            #expect(lines.count == 1)
            #expect(lines.first?.contains("decide decision #1 action=scaleUp") == true)
            lines = []
            try LogPrinter(sinceNanos: 15, json: true).print(path: root) { lines.append($0) }
            #expect(lines == [String(decoding: WireCodec().encodeJSON(decision), as: UTF8.self)])
            lines = []
            try LogPrinter(untilNanos: 15).print(path: root) { lines.append($0) }
            #expect(lines.count == 1)
            #expect(lines.first?.contains("observe observation #1") == true)
            lines = []
            try LogPrinter().print(path: root) { lines.append($0) }
            #expect(lines.first?.hasPrefix("1970-01-01T00:00:00.000Z observe observation #1 cpu_usage=0.5") == true)
        }
    }

    private static func write(_ envelopes: [Envelope], to directory: String) throws {
        let writer = try LogFixture.writer(directory)
        for envelope in envelopes { try writer.append(envelope) }
        try writer.close()
    }
}
