import Logging
import OODABus
import OODACore
import OODAEventLog
import ZeroMQ

/// `ooda replay --publish`: sends the recorded events again on the bus, merged across stages in time and
/// causal order, paced by their event times (or as fast as possible), for a live downstream.
public struct ReplayPublisher: Sendable {
    public var eventsDirectory: String
    public var endpoint: String
    /// 1 for real time, 10 for ten times faster, nil for as fast as possible.
    public var speed: Double?
    /// Only these kinds; nil for all.
    public var kinds: Set<MessageKind>?

    public init(eventsDirectory: String, endpoint: String, speed: Double?, kinds: Set<MessageKind>?) {
        self.eventsDirectory = eventsDirectory
        self.endpoint = endpoint
        self.speed = speed
        self.kinds = kinds
    }

    /// Publishes every recorded event; returns how many.
    public func run(logger: Logger, progress: @escaping @Sendable (Int) -> Void) async throws -> Int {
        let context = try ZMQContext()
        let publisher = try await ZeroMQPublisher(
            configuration: ZeroMQPublisher.Configuration(endpoint: endpoint, noDrop: true),
            context: context,
            logger: logger
        )
        var reader = try MergedLogReader(path: eventsDirectory)
        var first: (event: Int64, clock: ContinuousClock.Instant)?
        var count = 0
        while let record = try reader.next() {
            let envelope = record.envelope
            if let kinds, !kinds.contains(envelope.kind) { continue }
            if let speed {
                if let first {
                    let due = first.clock + .nanoseconds(Int64(Double(envelope.timeNanos - first.event) / speed))
                    if due > .now { try await Task.sleep(until: due) }
                } else {
                    first = (envelope.timeNanos, .now)
                }
            }
            try await publisher.publish(envelope)
            count += 1
            if count % 1000 == 0 { progress(count) }
        }
        await publisher.flush()
        await publisher.close()
        return count
    }
}
