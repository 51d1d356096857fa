import Foundation
import OODACore
import Testing

@testable import OODAEventLog

@Suite struct BadInputTests {
    @Test func aMissingDirectoryIsNotFound() throws {
        let missing = "/nonexistent/ooda/events"
        let reader = #expect(throws: EventLogError.self) { try EventLogReader(directory: missing) }
        #expect(reader?.code == .notFound)
        #expect(reader?.path == missing)
        let verify = #expect(throws: EventLogError.self) { try LogVerifier.verify(path: missing) }
        #expect(verify?.code == .notFound)
        let cat = #expect(throws: EventLogError.self) { try LogPrinter().print(path: missing) { _ in } }
        #expect(cat?.code == .notFound)
    }

    @Test func aDirectoryWithoutALogIsAnEmptyLog() throws {
        try LogFixture.withDirectory { root in
            try FileManager.default.createDirectory(atPath: "\(root)/observe", withIntermediateDirectories: true)
            let verify = #expect(throws: EventLogError.self) { try LogVerifier.verify(path: root) }
            #expect(verify?.code == .emptyLog)
            #expect(verify?.description.contains("00000001.jsonl") == true)
            let cat = #expect(throws: EventLogError.self) { try LogPrinter().print(path: root) { _ in } }
            #expect(cat?.code == .emptyLog)
        }
    }

    @Test func aLogWithNoRecordsVerifiesAsEmpty() throws {
        try LogFixture.withDirectory { root in
            try LogFixture.writer(root).close()
            let report = try LogVerifier.verify(path: root)
            #expect(report.isValid)
            #expect(report.logs.first?.records == 0)
            #expect(try LogPrinter().print(path: root) { _ in } == 0)
        }
    }

    @Test func aNewerRecordFormatIsUnsupportedSchema() throws {
        try LogFixture.withDirectory { root in
            try LogFixture.writer(root).close()
            let line = #"{"v":2,"seq":1,"something":"new"}"# + "\n"
            try LogFixture.write(Array(line.utf8), to: LogDirectory(root).segmentPath(1))
            let failure = try #require(try LogVerifier.verify(path: root).failure)
            #expect(failure.code == .unsupportedSchema)
            #expect(failure.offset == 0)
            let open = #expect(throws: EventLogError.self) { try LogFixture.writer(root) }
            #expect(open?.code == .unsupportedSchema)
        }
    }

    @Test func aNewerEnvelopeSchemaIsUnsupportedSchema() throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root)
            var payload = String(decoding: WireCodec().encodeJSON(LogFixture.heartbeat(1)), as: UTF8.self)
            payload = payload.replacingOccurrences(of: #""schema":1"#, with: #""schema":2"#)
            try writer.append(encodedJSON: Array(payload.utf8))
            try writer.close()
            let failure = try #require(try LogVerifier.verify(path: root).failure)
            #expect(failure.code == .unsupportedSchema)
            #expect(failure.description.contains("schema version 2"))
        }
    }

    @Test func aSecondWriterIsRefused() throws {
        try LogFixture.withDirectory { root in
            let first = try LogFixture.writer(root)
            let second = #expect(throws: EventLogError.self) { try LogFixture.writer(root) }
            #expect(second?.code == .locked)
            try first.close()
            try LogFixture.writer(root).close()
        }
    }

    @Test(arguments: ["", "not json", "{\"a\":\n1}", "[1]"])
    func payloadsThatAreNotOneLineOfAnObjectAreRefused(text: String) throws {
        try LogFixture.withDirectory { root in
            let writer = try LogFixture.writer(root)
            let error = #expect(throws: EventLogError.self) { try writer.append(encodedJSON: Array(text.utf8)) }
            #expect(error?.code == .invalidPayload)
            try writer.append(LogFixture.heartbeat(1))
            try writer.close()
            #expect(try LogFixture.readAll(root).count == 1)
        }
    }

    @Test func unknownKindsAndSinceValuesAreRejected() throws {
        #expect(throws: EventLogError.self) { try LogPrinter.parseKinds(["decision,bogus"]) }
        #expect(try LogPrinter.parseKinds(["decision,heartbeat"]) == [.decision, .heartbeat])
        #expect(EventTime.parse("yesterday", nowNanos: 0) == nil)
        #expect(EventTime.parse("10m", nowNanos: 600_000_000_000) == 0)
        #expect(EventTime.parse("1970-01-01T00:00:01.5Z", nowNanos: 0) == 1_500_000_000)
        #expect(EventTime.format(1_500_000_000) == "1970-01-01T00:00:01.500Z")
    }
}
