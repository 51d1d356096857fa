import Foundation
import OODAAct
import OODACore
import OODATestSupport
import Testing

@Suite struct FileIntentJournalTests {
    /// A journal path whose directory does not exist yet: the journal makes it.
    static func temporaryPath(_ name: String = #function) throws -> String {
        try makeTemporaryDirectory(name).appendingPathComponent("journal").appendingPathComponent("intents.jsonl").path
    }

    static let state = TargetState(replicas: 3, minReplicas: 2, maxReplicas: 10, revision: 1)

    static func intent(_ id: String) -> ActionIntent {
        ActionIntent(
            decision: EventID(rawValue: id),
            action: .scaleUp,
            actuator: "mock",
            decisionTimeNanos: 5,
            stateBefore: state,
            targetReplicas: 5
        )
    }

    static func outcome(_ id: String) -> ActionOutcome {
        ActionOutcome(
            decision: EventID(rawValue: id),
            action: .scaleUp,
            success: true,
            details: "Scaled 3 → 5 replicas",
            executionNanos: 10,
            actuator: "mock",
            state: state
        )
    }

    @Test func keepsIntentsAndOutcomesAcrossReopening() async throws {
        let path = try Self.temporaryPath()
        do {
            let journal = try FileIntentJournal(path: path)
            try await journal.recordIntent(Self.intent("a"))
            try await journal.recordOutcome(Self.outcome("a"))
            try await journal.recordIntent(Self.intent("b"))
        }
        let reopened = try FileIntentJournal(path: path)
        #expect(await reopened.status(of: EventID(rawValue: "a")) == .completed(Self.outcome("a")))
        #expect(await reopened.status(of: EventID(rawValue: "b")) == .pending(Self.intent("b")))
        #expect(await reopened.status(of: EventID(rawValue: "c")) == .unknown)
        #expect(await reopened.pendingIntents() == [Self.intent("b")])
        #expect(await reopened.latestIntents(1) == [Self.intent("b")])
    }

    @Test func cutsATornLastLine() async throws {
        let path = try Self.temporaryPath()
        do {
            let journal = try FileIntentJournal(path: path)
            try await journal.recordIntent(Self.intent("a"))
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"outcome":{"decision":"a","act"#.utf8))
        try handle.close()
        let reopened = try FileIntentJournal(path: path)
        #expect(await reopened.status(of: EventID(rawValue: "a")) == .pending(Self.intent("a")))
        try await reopened.recordOutcome(Self.outcome("a"))
        let again = try FileIntentJournal(path: path)
        #expect(await again.status(of: EventID(rawValue: "a")) == .completed(Self.outcome("a")))
    }

    @Test func reportsACorruptLineBeforeTheLast() async throws {
        let path = try Self.temporaryPath()
        do {
            let journal = try FileIntentJournal(path: path)
            try await journal.recordIntent(Self.intent("a"))
            try await journal.recordIntent(Self.intent("b"))
        }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: #"{"intent":{"action":"scaleUp""#, with: "garbage", options: .anchored)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ActuatorError.self) { try FileIntentJournal(path: path) }
    }
}
