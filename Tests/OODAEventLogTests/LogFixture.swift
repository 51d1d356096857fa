import Dispatch
import Foundation
import Logging
import OODACore
import Synchronization
import Testing

@testable import OODAEventLog

/// A temporary directory for one test, and envelopes to fill logs with.
enum LogFixture {
    /// Runs `body` with a fresh temporary directory, removed afterwards.
    static func withDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
        var template = Array("\(NSTemporaryDirectory())/ooda-log-XXXXXX".utf8CString)
        let path = try #require(
            template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// ``withDirectory(_:)`` for async tests.
    static func withAsyncDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let path = try withDirectory { path in
            // Kept: the synchronous version removes it as it returns.
            let kept = path + "-async"
            try FileManager.default.moveItem(atPath: path, toPath: kept)
            return kept
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    static let logger = Logger(label: "ooda.log.test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func writer(
        _ directory: String,
        segmentBytes: Int = EventLogConfiguration.defaultSegmentBytes,
        durability: Durability = .never
    ) throws -> EventLogWriter {
        try EventLogWriter(
            directory: directory,
            configuration: EventLogConfiguration(segmentBytes: segmentBytes, durability: durability),
            logger: logger
        )
    }

    /// A writer whose syncs (the flusher's, close's, explicit ones) `syncs` records.
    static func writer(
        _ directory: String,
        durability: Durability,
        recording syncs: SyncRecorder
    ) throws
        -> EventLogWriter
    {
        try EventLogWriter(
            directory: directory,
            configuration: EventLogConfiguration(durability: durability, syncObserver: { _ in syncs.record() }),
            logger: logger
        )
    }

    /// A heartbeat envelope whose counters make each one distinct.
    static func heartbeat(_ number: UInt64, source: StageName = "observe", timeNanos: Int64? = nil) -> Envelope {
        Envelope(
            source: source,
            epoch: 7,
            sequence: number,
            timeNanos: timeNanos ?? Int64(number) * 1_000_000,
            body: .heartbeat(Heartbeat(messagesIn: number, messagesOut: number * 3, rejected: 0, gaps: 0))
        )
    }

    static func observation(_ sequence: UInt64, timeNanos: Int64, cpu: Double) -> Envelope {
        Envelope(
            source: .observe,
            epoch: 1,
            sequence: sequence,
            timeNanos: timeNanos,
            body: .observation(Observation(samples: [MetricSample(name: "cpu_usage", value: cpu, source: "proc")]))
        )
    }

    static func orientation(_ sequence: UInt64, timeNanos: Int64, causes: [EventID]) -> Envelope {
        let filter = FilterSnapshot(
            state: [1, 0],
            covariance: [1, 0, 0, 1],
            measurementNoise: [0.1],
            steps: sequence,
            lastTimeNanos: timeNanos
        )
        let body = Orientation(
            fields: ["cpu_usage"],
            level: [0.5],
            trend: [0],
            variance: [0.01],
            innovation: [0.02],
            nis: 1.2,
            scores: [.noop: 0.9],
            recommended: .noop,
            confidence: 0.9,
            reasoning: ["steady"],
            filter: filter
        )
        return Envelope(
            source: .orient,
            epoch: 1,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: causes,
            body: .orientation(body)
        )
    }

    static func decision(_ sequence: UInt64, timeNanos: Int64, causes: [EventID]) -> Envelope {
        let body = Decision(
            action: .scaleUp,
            proposed: .scaleUp,
            confidence: 0.9,
            mode: .balanced,
            threshold: 0.7,
            reasoning: ["load"],
            guardRails: [],
            engine: EngineSnapshot(decisions: sequence)
        )
        return Envelope(
            source: .decide,
            epoch: 1,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: causes,
            body: .decision(body)
        )
    }

    static func outcome(_ sequence: UInt64, timeNanos: Int64, decision: EventID) -> Envelope {
        let body = ActionOutcome(
            decision: decision,
            action: .scaleUp,
            success: true,
            details: "Scaled 3 → 5 replicas",
            executionNanos: 1000,
            actuator: "mock",
            state: TargetState(replicas: 5, minReplicas: 2, maxReplicas: 10, revision: 1)
        )
        return Envelope(
            source: .act,
            epoch: 1,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: [decision],
            body: .actionOutcome(body)
        )
    }

    /// Every record of a log, in order.
    static func readAll(_ directory: String, from start: ReadStart = .beginning) throws -> [LogRecord] {
        var cursor = try EventLogReader(directory: directory).records(from: start)
        var records: [LogRecord] = []
        while let record = try cursor.next() { records.append(record) }
        return records
    }

    static func bytes(of path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The byte offsets at which each line of a file starts.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A && index + 1 < bytes.count {
            starts.append(index + 1)
        }
        return starts
    }
}

/// The syncs a writer reports, with when they happened; each also signals a waiter.
final class SyncRecorder: Sendable {
    let times = Mutex<[ContinuousClock.Instant]>([])
    let signal = DispatchSemaphore(value: 0)

    func record() {
        times.withLock { $0.append(.now) }
        signal.signal()
    }

    var count: Int { times.withLock { $0.count } }

    /// Waits (bounded) for the next sync; false if none came.
    func waitForOne() -> Bool { signal.wait(timeout: .now() + 10) == .success }
}
