import Foundation
import Logging
import OODABus
import OODACore
import OODAEventLog
import OODAObserve
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// What every stage process shares: its log, its publisher, its sequence numbers, its heartbeat and its
/// metrics. A stage hands it bodies; the host stamps them, appends them to the log, then publishes them
/// (write-ahead: the log is the record, the bus may drop).
///
/// - Important: One host per stage process, and the only writer of that stage's log.
public final class StageHost: Sendable {
    public let stage: StageName
    public let topology: Topology
    public let logger: Logger
    public let metrics: StageMetrics
    /// What the stage's log held when it opened (empty on a first start): the stage resumes from it.
    public let resumed: LastRecords

    private let log: EventLogWriter
    private let publisher: ZeroMQPublisher
    private let state: Mutex<HostState>

    private struct HostState {
        var sequencer: EnvelopeSequencer
        var counters = Heartbeat()
        /// What the stage re-announces at the start of each new log segment, once it has announced its start.
        var continuation: StageStarted?
        /// The publisher's refused subscribers, as last counted in the metrics.
        var refused: UInt64 = 0
    }

    /// Opens the stage's log (recovering it), binds its publisher, and records and publishes `StageStarted`.
    ///
    /// - Parameters:
    ///   - configuration: the stage's effective settings, written into `StageStarted` for replay.
    ///   - noDrop: hold envelopes rather than drop them when a subscriber is slow (decide → act).
    /// - Throws: ``StageError`` naming what could not be opened or bound.
    public init(
        stage: StageName,
        topology: Topology,
        configuration: JSONValue,
        noDrop: Bool = false,
        metrics: StageMetrics,
        logger: Logger
    ) async throws {
        self.stage = stage
        self.topology = topology
        self.logger = logger
        self.metrics = metrics
        let endpoints = try topology.endpoints(of: stage)
        let directory = topology.log.directory(of: stage)
        do {
            log = try EventLogWriter(
                directory: directory,
                configuration: EventLogConfiguration(
                    segmentBytes: topology.log.segmentBytes,
                    durability: topology.log.durability,
                    retainedBytes: topology.log.retainBytes,
                    syncObserver: { metrics.fsyncCompleted(duration: $0) }
                ),
                logger: logger
            )
            resumed = try EventLogReader(directory: directory).lastRecords()
        } catch {
            throw StageError(.log, "cannot open the \(stage) log at \(directory): \(error)")
        }
        if resumed.last != nil { metrics.restarted() }
        let now = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        let sequencer = EnvelopeSequencer(
            source: stage,
            epoch: EnvelopeSequencer.epoch(nowMicros: now, after: resumed.lastEpoch),
            resuming: resumed.sequences
        )
        state = Mutex(HostState(sequencer: sequencer))
        var publishing = ZeroMQPublisher.Configuration(endpoint: endpoints.publish.description, noDrop: noDrop)
        do {
            if let (keys, authorized) = try topology.publisherCurve(of: stage) {
                publishing.curveServerKeys = keys
                publishing.curveAuthorizedClients = authorized
                if let exposure = topology.curve?.keyring.exposure(of: stage.rawValue) { logger.warning("\(exposure)") }
            }
        } catch {
            try? log.close()
            throw StageError(.configuration, "cannot secure the bus with CURVE: \(error)")
        }
        do {
            // The stage's publisher answers this context's CURVE authentication requests: no other socket of the
            // context may (observe's push socket has a context of its own).
            let context = try ZMQContext()
            try endpoints.publish.prepareLocalPath()
            publisher = try await ZeroMQPublisher(configuration: publishing, context: context, logger: logger)
        } catch {
            try? log.close()
            throw StageError(.bind, "cannot publish on \(endpoints.publish): \(error)")
        }
        let started = StageStarted(
            version: OODARuntimeVersion.current,
            stage: stage,
            configuration: configuration,
            resumedSequences: resumed.sequences
        )
        _ = try await emit(.stageStarted(started), timeNanos: Self.wallClockNanos(), sync: true)
        var continuation = started
        continuation.resumedSequences = [:]
        continuation.continued = true
        state.withLock { $0.continuation = continuation }
    }

    /// Stamps a body, appends it to the log, then publishes it.
    ///
    /// - Parameter sync: make this record durable before publishing (act's outcomes), whatever the policy.
    /// - Returns: the envelope as recorded and published.
    /// - Throws: ``StageError`` when the log cannot take it: then nothing is published.
    @discardableResult
    public func emit(
        _ body: MessageBody,
        timeNanos: Int64,
        causes: [EventID] = [],
        sync: Bool = false
    ) async throws -> Envelope {
        let envelope = state.withLock { $0.sequencer.stamp(body, timeNanos: timeNanos, causes: causes) }
        // Encoded once: the log stores these bytes and the bus sends them.
        let json = WireCodec().encodeJSON(envelope)
        // Write-ahead: appended, then published; the log's group commit is set going once the event is on its way.
        // A new segment starts with the stage's StageStarted again (`continued`), published like any other event.
        var announced: (Envelope, [UInt8])?
        let publishedAt: Int64
        do {
            publishedAt = try await log.append(
                encodedJSON: json,
                sync: sync,
                startingSegmentWith: {
                    guard let announcement = self.announcement() else { return nil }
                    announced = announcement
                    return announcement.1
                },
                beforeCommitting: { _ in
                    if let (announcement, bytes) = announced { await publish(announcement, bytes) }
                    await publish(envelope, json)
                    return Self.wallClockNanos()
                }
            )
        } catch {
            throw StageError(.log, "cannot append \(envelope.id) to the \(stage) log: \(error)")
        }
        // Counted once the message is on its way, not in front of it.
        if let (announcement, _) = announced { counted(announcement) }
        counted(envelope)
        // The loop's own messages carry their observation's event time; announcements carry the clock's.
        if envelope.kind.carriesObservationTime {
            metrics.published(kind: envelope.kind.rawValue, ageNanoseconds: publishedAt - envelope.timeNanos)
        }
        return envelope
    }

    /// Counts a recorded and published envelope, for the heartbeat and the metrics.
    private func counted(_ envelope: Envelope) {
        metrics.logAppended()
        state.withLock { $0.counters.messagesOut += 1 }
        metrics.messagePublished(kind: envelope.kind.rawValue)
    }

    /// The stage's run re-announced, stamped and encoded: the first record of a new log segment. Nil until the
    /// stage has announced its start.
    private func announcement() -> (Envelope, [UInt8])? {
        let envelope = state.withLock { state -> Envelope? in
            guard let continuation = state.continuation else { return nil }
            return state.sequencer.stamp(.stageStarted(continuation), timeNanos: Self.wallClockNanos())
        }
        return envelope.map { ($0, WireCodec().encodeJSON($0)) }
    }

    /// Publishes an envelope already in the log; a failure is reported, not thrown.
    private func publish(_ envelope: Envelope, _ json: [UInt8]) async {
        do {
            try await publisher.publish(envelope, encodedJSON: json)
        } catch {
            // Recorded in the log, so nothing is lost; a subscriber sees the gap and can read the log.
            logger.error(
                "publish failed; the event is in the log",
                metadata: ["id": "\(envelope.id)", "error": "\(error)"]
            )
        }
    }

    /// Counts a received envelope and notices, for the heartbeat and the metrics.
    public func received(_ event: BusEvent) {
        switch event {
        case .envelope(let envelope):
            state.withLock { $0.counters.messagesIn += 1 }
            metrics.messageReceived(kind: envelope.kind.rawValue)
        case .gap(_, _, _, _, let missed):
            state.withLock { $0.counters.gaps += 1 }
            metrics.gapDetected(missing: Int(missed))
        case .restart(let source, let kind, _, _, let missed) where missed > 0:
            state.withLock { $0.counters.gaps += 1 }
            metrics.gapDetected(missing: Int(missed))
            logger.warning(
                "lost envelopes across a restart",
                metadata: ["source": "\(source)", "kind": "\(kind)", "missed": "\(missed)"]
            )
        case .restart:
            break
        case .rejected(let error, _):
            state.withLock { $0.counters.rejected += 1 }
            // The bus has logged it, the first ten and then every power of two: not again here.
            metrics.frameRejected(reason: "\(error.code)")
        case .handshakeFailed(_, let failure):
            // The bus has logged it, once per reason until the handshake succeeds.
            metrics.handshakeFailed(reason: failure.reason)
        }
    }

    /// Subscribes to the publishers of `stages` for `kinds`, on the stage publisher's I/O thread: ``run(_:handle:finish:)``
    /// handles each message there and publishes what it emits from there.
    public func subscribe(to stages: [StageName], kinds: Set<MessageKind>) async throws -> ZeroMQSubscriber {
        var endpoints: [String] = []
        for upstream in stages { endpoints.append(try topology.endpoints(of: upstream).connect.description) }
        do {
            // Back off to 200 ms at most between reconnections, not libzmq's usual 1 s: an upstream stage that
            // restarts is back within a fifth of a second, and an attempt costs nothing. Named, so that an
            // upstream stage can wait for this one in particular (``awaitConsumer()``).
            var configuration = ZeroMQSubscriber.Configuration(
                endpoints: endpoints,
                kinds: kinds,
                reconnectIntervalMax: .milliseconds(200)
            )
            configuration.name = stage
            try topology.subscriberCurve(as: stage.rawValue, to: stages)?.apply(to: &configuration)
            // On the publisher's thread: a message is read, handled and what it caused sent there, with no
            // thread to wake in between.
            return try await publisher.subscribe(configuration, logger: logger)
        } catch {
            throw StageError(.bind, "cannot subscribe to \(endpoints.joined(separator: ", ")): \(error)")
        }
    }

    /// The stage of a topology that consumes each stage's main output. act's outcomes are not in it: act starts
    /// first, before anyone who reads them.
    private static let consumers: [StageName: (kind: MessageKind, consumer: StageName)] = [
        .observe: (.observation, .orient), .orient: (.orientation, .decide), .decide: (.decision, .act),
    ]

    /// How long a stage waits at start for its consumer to subscribe.
    static let consumerWait: Duration = .seconds(2)

    /// Waits, before the stage publishes its first output, until the stage that consumes it has subscribed (at
    /// most ``consumerWait``), when the topology has that stage. What is published before then reaches no one:
    /// after a restart the consumer must first reconnect, and orient killed at a 20 ms interval lost 5 to 37
    /// orientations that way. Called before the stage announces it is ready.
    public func awaitConsumer() async {
        guard let (kind, consumer) = Self.consumers[stage], topology.stages[consumer] != nil else { return }
        // Cancelled (the stage is stopping): nothing to say.
        guard await !publisher.waitForSubscriber(named: consumer, limit: Self.consumerWait), !Task.isCancelled else {
            return
        }
        logger.notice(
            "\(consumer) has not subscribed yet; publishing anyway: what it misses is in this stage's log",
            metadata: ["kind": "\(kind)", "waited": "\(Self.consumerWait)"]
        )
    }

    /// The publisher's I/O thread as an executor: a task that produces envelopes there (observe's cycle) has
    /// them sent as soon as it yields, with no hand-off to another thread.
    public var publishingExecutor: IOThreadExecutor { publisher.executor }

    /// Publishes a heartbeat with the stage's counters.
    public func heartbeat() async throws {
        let refused = publisher.stats.refused
        let (counters, newlyRefused) = state.withLock { state in
            defer { state.refused = refused }
            return (state.counters, refused &- state.refused)
        }
        metrics.subscribersRefused(Int(clamping: newlyRefused))
        try await emit(.heartbeat(counters), timeNanos: Self.wallClockNanos())
    }

    /// The stage's main loop: announces readiness, publishes heartbeats, and hands every event from the
    /// subscriber to `handle` until a graceful shutdown closes the subscriber; then runs `finish`, while the
    /// log and the publisher are still open, and closes the stage.
    ///
    /// `handle` and `finish` run in this task, one after the other, so they may own the stage's mutable state.
    public func run(
        _ subscriber: ZeroMQSubscriber,
        handle: (Envelope) async throws -> Void,
        finish: () async throws -> Void = {}
    ) async throws {
        await awaitConsumer()
        let heartbeats = startHeartbeats()
        defer { heartbeats.cancel() }
        StageReadiness.announce()
        // The handler runs on the subscriber's I/O thread, right after each message is read: no hand-off to
        // another thread between receiving an event and acting on it.
        try await withTaskExecutorPreference(subscriber.executor) {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask(executorPreference: globalConcurrentExecutor) {
                    try? await gracefulShutdown()
                    // Events already buffered are still delivered, then the loop below ends.
                    await subscriber.close()
                }
                for await event in subscriber.events {
                    if let envelope = event.envelope { try await handle(envelope) }
                    // Counted after handling, so that counting never delays what the handler publishes.
                    received(event)
                }
                group.cancelAll()
            }
        }
        try await finish()
        await close()
    }

    /// Publishes heartbeats at the topology's interval until the returned task is cancelled.
    public func startHeartbeats() -> Task<Void, Never> {
        let interval = topology.heartbeat.duration
        return Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                    try await heartbeat()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("heartbeat failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Makes every record durable and releases the publisher; the last step of a clean stop.
    public func close() async {
        await publisher.close()
        do {
            try log.close()
        } catch {
            logger.error("closing the log failed", metadata: ["error": "\(error)"])
        }
    }

    /// Nanoseconds since 1970 on the wall clock: where event time starts (observe's samples, heartbeats).
    public static func wallClockNanos() -> Int64 {
        EventTime.wallClockNanos()
    }
}

extension MessageKind {
    /// Whether the envelope's event time is that of the observation the message derives from (the loop's
    /// messages), rather than the time the stage made it (its announcements).
    fileprivate var carriesObservationTime: Bool {
        switch self {
        case .observation, .orientation, .decision, .actionOutcome: true
        case .stageStarted, .heartbeat: false
        }
    }
}
