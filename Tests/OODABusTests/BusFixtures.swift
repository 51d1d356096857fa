import Foundation
import Logging
import OODABus
import OODACore
import OODATestSupport
import Synchronization
import Testing
import ZeroMQ

/// A test ran past its bound: the event it waited for never came.
struct TimedOut: Error {}

/// Runs `body`, failing with ``TimedOut`` if it takes longer than `limit`. Every wait in these tests is bounded
/// by one of these; the bound is far above the normal time, so it never fails a healthy run on a busy machine.
func withDeadline<T: Sendable>(
    _ limit: Duration = .seconds(30),
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut() }
        return value
    }
}

enum BusFixtures {
    /// Probes are sent as publishers named with this prefix; tests ignore their envelopes and notices.
    static let probePrefix = "probe"

    /// Whether an event is a probe, or a notice about probes.
    static func isProbe(_ event: BusEvent) -> Bool {
        event.source?.rawValue.hasPrefix(probePrefix) ?? false
    }

    /// An IPC endpoint in a fresh directory under /tmp, removed when the tests end.
    static func ipcEndpoint(_ name: String = #function) throws -> String {
        "ipc://\(try makeTemporaryDirectory(name).path)/bus"
    }

    /// A logger that discards everything.
    static let quietLogger = Logger(label: "ooda.bus.test") { _ in SwiftLogNoOpLogHandler() }

    /// A numbered observation from `source`.
    static func observation(_ sequence: UInt64, source: StageName = .observe, epoch: UInt64 = 1) -> Envelope {
        Envelope(
            source: source,
            epoch: epoch,
            sequence: sequence,
            timeNanos: Int64(sequence),
            body: .observation(Observation(samples: [MetricSample(name: "cpu_usage", value: 0.5, source: "test")]))
        )
    }

    /// Publishes heartbeat probes until one comes out of `events`: the subscription is then live end to end
    /// (ZeroMQ's slow joiner: a subscriber misses what is published before its subscription arrives).
    static func waitUntilLive(_ publisher: some EnvelopePublishing, _ events: BusEvents) async throws {
        // A publisher name of its own for each wait, so that probes of different waits are separate streams.
        let source = StageName("\(probePrefix)-\(UUID().uuidString.prefix(8))")
        let prober = Task {
            var sequencer = EnvelopeSequencer(source: source, epoch: 1)
            while !Task.isCancelled {
                try await publisher.publish(sequencer.stamp(.heartbeat(Heartbeat()), timeNanos: 0))
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { prober.cancel() }
        for await event in events where event.envelope?.source == source { return }
        throw TimedOut()
    }

    /// The events up to and including the first one `isLast` accepts, leaving out probes and notices about them.
    static func collect(_ events: BusEvents, until isLast: (BusEvent) -> Bool) async throws -> [BusEvent] {
        var collected: [BusEvent] = []
        for await event in events where !isProbe(event) {
            collected.append(event)
            if isLast(event) { return collected }
        }
        throw TimedOut()
    }
}

/// Keeps what is logged, so tests can check that something was.
final class RecordingLogHandler: LogHandler, Sendable {
    private let records = Mutex<[(Logger.Level, String)]>([])

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        records.withLock { $0.append((event.level, "\(event.message)")) }
    }

    var messages: [(Logger.Level, String)] { records.withLock { $0 } }

    var logger: Logger { Logger(label: "ooda.bus.test") { _ in self } }
}

extension BusEvent {
    /// The publisher an envelope or a notice is about; `nil` for a rejected message.
    var source: StageName? {
        switch self {
        case .envelope(let envelope): envelope.source
        case .gap(let source, _, _, _, _), .restart(let source, _, _, _, _): source
        case .rejected, .handshakeFailed: nil
        }
    }
}
