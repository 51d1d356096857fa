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
    /// How long to wait for a first subscriber before the first event; nil to send at once.
    ///
    /// A subscriber connects after the endpoint is bound, and what PUB/SUB sends before its subscription arrives
    /// reaches no one: at `max` speed that would be the whole log.
    public var subscriberWait: Duration?
    /// CURVE: the publisher's key pair and the public keys of the subscribers it admits (`--keys DIR --as NAME`),
    /// as a stage publishes under `curve.keys`; `nil` for plain text.
    public var curve: PublisherCurve?

    public init(
        eventsDirectory: String,
        endpoint: String,
        speed: Double?,
        kinds: Set<MessageKind>?,
        subscriberWait: Duration? = .seconds(30)
    ) {
        self.eventsDirectory = eventsDirectory
        self.endpoint = endpoint
        self.speed = speed
        self.kinds = kinds
        self.subscriberWait = subscriberWait
    }

    /// Publishes every recorded event; returns how many.
    ///
    /// - Parameter waiting: Called with the bound endpoint when the publisher starts waiting for a subscriber.
    /// - Throws: ``ReplayPublisherError`` when no subscriber came within ``subscriberWait``.
    public func run(
        logger: Logger,
        waiting: @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Int {
        let context = try ZMQContext()
        let publisher = try await ZeroMQPublisher(
            configuration: ZeroMQPublisher.Configuration(
                endpoint: endpoint,
                noDrop: true,
                curveServerKeys: curve?.keys,
                curveAuthorizedClients: curve?.authorized
            ),
            context: context,
            logger: logger
        )
        if let subscriberWait {
            waiting(publisher.endpoint)
            guard await publisher.waitForSubscriber(limit: subscriberWait) else {
                await publisher.close()
                throw ReplayPublisherError(endpoint: publisher.endpoint, waited: subscriberWait)
            }
        }
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

/// `ooda replay --publish` found no one to publish to.
public struct ReplayPublisherError: Error, CustomStringConvertible {
    public var endpoint: String
    public var waited: Duration

    public var description: String {
        "no subscriber connected to \(endpoint) within \(waited); start the downstream first (for example "
            + "`ooda tap --endpoint \(endpoint)`), or pass --wait-for-subscriber 0 to publish to whoever is there"
    }
}
