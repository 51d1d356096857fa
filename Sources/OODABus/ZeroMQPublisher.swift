import Logging
import OODACore
import Synchronization
import ZeroMQ

/// Publishes envelopes on one bound ZeroMQ endpoint, as two frames: the kind's topic and the envelope as JSON.
///
/// The socket (an XPUB, so it also sees subscriptions) lives on a dedicated I/O thread. `publish` queues the
/// envelope for it and returns, waiting only while the queue is full; the thread encodes and sends, and sleeps
/// in a poll woken by an eventfd when there is nothing to do.
public final class ZeroMQPublisher: EnvelopePublishing {
    /// The endpoint actually bound: for `tcp://…:0`, with the port the system chose.
    public let endpoint: String
    /// The I/O thread as an executor: a task that publishes with it as its executor preference queues envelopes
    /// that the thread sends as soon as the task yields, with no wake-up in between (see ``IOThreadExecutor``).
    public let executor: IOThreadExecutor

    private let queue: PublishQueue
    private let counters: BusCounters
    private let thread: IOThread
    private let closing: Mutex<Bool>
    private let context: ZMQContext
    private let wake: ZMQWakeSignal
    private let hosting: SubscriberHosting

    /// Binds the endpoint and starts the I/O thread.
    ///
    /// - Parameters:
    ///   - configuration: the endpoint and the drop policy.
    ///   - context: the process's ZeroMQ context.
    ///   - logger: where failures and abandoned envelopes are reported.
    /// - Throws: ``BusError`` with ``BusError/Code/endpoint`` naming an endpoint that cannot be bound, or
    ///   ``BusError/Code/resources``.
    public init(configuration: Configuration, context: ZMQContext, logger: Logger) async throws(BusError) {
        let wake: ZMQWakeSignal
        do {
            wake = try ZMQWakeSignal()
        } catch {
            throw BusError(.resources, "cannot make the publisher's wake-up descriptor", underlying: error)
        }
        let queue = PublishQueue(capacity: configuration.queueCapacity, wake: wake)
        let counters = BusCounters()
        let executor = IOThreadExecutor(wake: wake)
        let hosting = SubscriberHosting()
        let bound = OneShot<Result<String, BusError>>()
        let loop = PublisherLoop(
            configuration: configuration,
            context: context,
            queue: queue,
            wake: wake,
            executor: executor,
            counters: counters,
            hosting: hosting,
            logger: logger
        )
        let thread = try IOThread(name: "ooda-pub") { loop.run(reportingBindTo: bound) }
        switch await bound.value() {
        case .success(let endpoint): self.endpoint = endpoint
        case .failure(let error):
            await thread.join()
            throw error
        }
        self.thread = thread
        self.executor = executor
        self.queue = queue
        self.counters = counters
        self.closing = Mutex(false)
        self.context = context
        self.wake = wake
        self.hosting = hosting
    }

    /// A subscriber whose socket lives on this publisher's I/O thread, in its context: what a stage does that
    /// receives, handles and publishes. A handler that runs on ``executor`` then reads, handles and sends on one
    /// thread, and no message waits for another thread to wake up between its arrival and the publication of
    /// what it caused.
    ///
    /// The subscriber behaves as one made with ``ZeroMQSubscriber/init(configuration:context:logger:)``; its
    /// ``ZeroMQSubscriber/executor`` is this publisher's. Close it before the publisher: closing the publisher
    /// ends its events too.
    ///
    /// - Throws: ``BusError`` naming an endpoint that cannot be connected to, or ``BusError/Code/closed`` if the
    ///   publisher is closed.
    public func subscribe(
        _ configuration: ZeroMQSubscriber.Configuration,
        logger: Logger
    ) async throws(BusError) -> ZeroMQSubscriber {
        let wake = self.wake
        let guest = SubscriberHosting.Guest(
            loop: SubscriberLoop(
                configuration: configuration,
                context: context,
                channel: EventChannel(capacity: configuration.bufferCapacity) { wake.signal() },
                wake: wake,
                executor: executor,
                counters: BusCounters(),
                logger: logger
            ),
            connected: OneShot(),
            stopping: StopRequest(),
            finished: OneShot()
        )
        guard hosting.offer(guest) else { throw BusError.closed("publisher on \(endpoint)") }
        wake.signal()
        if let error = await guest.connected.value() { throw error }
        return ZeroMQSubscriber(hostedAs: guest)
    }

    public func publish(_ envelope: Envelope) async throws(BusError) {
        try await enqueue(OutgoingMessage(envelope: envelope, json: nil))
    }

    /// Publishes an envelope whose JSON the caller already holds (as ``WireCodec/encodeJSON(_:)`` made it), so it
    /// is not encoded again: a stage encodes each envelope once, for its log and the bus.
    ///
    /// - Important: `json` must be the encoding of `envelope`; subscribers receive these bytes as they are.
    public func publish(_ envelope: Envelope, encodedJSON json: [UInt8]) async throws(BusError) {
        try await enqueue(OutgoingMessage(envelope: envelope, json: json))
    }

    private func enqueue(_ message: OutgoingMessage) async throws(BusError) {
        let envelope = message.envelope
        do {
            try await queue.enqueue(message)
        } catch {
            switch error {
            case .closed: throw BusError.closed("publisher on \(endpoint)")
            case .cancelled:
                throw BusError(.cancelled, "cancelled while waiting for room; \(envelope.id) was not published")
            }
        }
    }

    public func flush() async {
        await queue.flush()
    }

    deinit {
        // Dropped without close(): the thread sends what is queued within the linger, then stops.
        queue.close()
    }

    public var stats: BusStats { counters.snapshot }

    /// Whether a subscriber has subscribed to `kind`, or to anything when `kind` is nil (a subscription to every
    /// kind counts for each).
    public func hasSubscriber(for kind: MessageKind? = nil) -> Bool {
        guard let kind else { return !counters.subscribedTopics.isEmpty }
        return counters.subscribedTopics.covers(kind.topic)
    }

    /// Whether the subscriber named `name` (``ZeroMQSubscriber/Configuration/name``) is connected and subscribed.
    public func hasSubscriber(named name: StageName) -> Bool {
        counters.subscribedTopics.contains(ZeroMQSubscriber.markerTopic(of: name))
    }

    /// Waits until a subscriber has subscribed to `kind` (to anything when nil), for at most `limit`: what a
    /// publisher does before a burst, since PUB/SUB gives what is sent before a subscription arrives to no one.
    ///
    /// - Returns: Whether a subscriber is there; false after `limit`, or when the task is cancelled.
    public func waitForSubscriber(for kind: MessageKind? = nil, limit: Duration) async -> Bool {
        await wait(limit: limit) { hasSubscriber(for: kind) }
    }

    /// Waits until the subscriber named `name` has subscribed, for at most `limit`: what a stage does before its
    /// first message after a restart, so that the stage that consumes its output, still reconnecting, does not
    /// miss it. Any subscriber would not do: a tap or the launcher may be back first.
    ///
    /// - Returns: Whether it is there; false after `limit`, or when the task is cancelled.
    public func waitForSubscriber(named name: StageName, limit: Duration) async -> Bool {
        await wait(limit: limit) { hasSubscriber(named: name) }
    }

    /// The I/O thread records subscriptions as they arrive; this looks every 5 ms, which is nothing beside a
    /// subscriber's connection time.
    private func wait(limit: Duration, until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(5))) != nil else {
                return condition()
            }
        }
        return true
    }

    public func close() async {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        if first { queue.close() }
        await thread.join()
    }
}
