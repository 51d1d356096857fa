import Logging
import OODACore
import ZeroMQ

/// What a ``ZeroMQPublisher``'s I/O thread runs: the socket is created, used and closed here, and nowhere else.
struct PublisherLoop: Sendable {
    let configuration: ZeroMQPublisher.Configuration
    let context: ZMQContext
    let queue: PublishQueue
    let wake: ZMQWakeSignal
    let executor: IOThreadExecutor
    let counters: BusCounters
    let logger: Logger

    /// Envelopes taken from the queue at once: enough to amortise its lock, few enough to keep latency low.
    private static let batchSize = 64

    func run(reportingBindTo bound: OneShot<Result<String, BusError>>) {
        // Publishing tasks that prefer this thread run elsewhere once it stops.
        defer { executor.stop() }
        let socket: ZMQSocket
        do {
            socket = try makeSocket()
        } catch {
            _ = queue.stop()
            bound.fulfil(.failure(error))
            return
        }
        let endpoint = (try? socket.lastEndpoint) ?? configuration.endpoint
        bound.fulfil(.success(endpoint))
        var logger = logger
        logger[metadataKey: "endpoint"] = "\(endpoint)"
        do {
            try serve(socket, logger: logger)
        } catch {
            logger.error("publisher stopped: the socket failed", metadata: ["error": "\(error)"])
        }
        let abandoned = queue.stop()
        if abandoned > 0 {
            counters.abandoned.add(UInt64(abandoned))
            logger.warning("envelopes abandoned at close", metadata: ["count": "\(abandoned)"])
        }
    }

    private func makeSocket() throws(BusError) -> ZMQSocket {
        let endpoint = configuration.endpoint
        do {
            let socket = try ZMQSocket(context, type: .extendedPublisher, linger: configuration.linger)
            try socket.set(.sendHighWaterMark, configuration.sendHighWaterMark)
            if configuration.noDrop {
                try socket.set(.xpubNoDrop, true)
                try socket.set(.sendTimeout, Self.blockedSendTimeout)
            }
            if let interval = configuration.heartbeatInterval {
                try socket.set(.heartbeatInterval, interval)
                try socket.set(.heartbeatTimeout, interval * 3)
            }
            if let keys = configuration.curveServerKeys {
                try socket.set(.curveServer, true)
                try socket.set(.curveSecretKey, keys.secretKey)
            }
            try socket.bind(endpoint)
            return socket
        } catch {
            let code: BusError.Code = error.endpoint == nil ? .resources : .endpoint
            throw BusError(code, "cannot publish on '\(endpoint)'", endpoint: endpoint, underlying: error)
        }
    }

    /// Sends until closed and drained, or until the linger after close runs out.
    private func serve(_ socket: borrowing ZMQSocket, logger: Logger) throws(ZMQError) {
        let codec = WireCodec()
        var poller = ZMQPoller()
        let socketItem = poller.add(socket, events: .readable)
        let wakeItem = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
        var batch: [OutgoingMessage] = []
        batch.reserveCapacity(Self.batchSize)
        var next = 0
        // The frames of `batch[next]` when the socket refused them, kept to retry without encoding again.
        var refused: [[UInt8]]?
        var deadline: ContinuousClock.Instant?
        var jobs: [UnownedJob] = []

        while true {
            // Publishing tasks that prefer this thread queue their envelopes here; they are sent below at once.
            executor.runJobs(reusing: &jobs)
            if next == batch.count {
                batch.removeAll(keepingCapacity: true)
                next = 0
                queue.take(upTo: Self.batchSize, into: &batch)
            }
            // Send until the batch is done or the socket refuses (XPUB_NODROP with a full subscriber). An XPUB
            // polls writable even when XPUB_NODROP would refuse, so a refused send is retried as a blocking send:
            // libzmq wakes it as soon as the subscriber makes room, and SNDTIMEO bounds it so that the loop still
            // sees its wake signal and the close deadline.
            while next < batch.count {
                let frames = refused ?? batch[next].frames(codec)
                guard try socket.send(frames: frames, blocking: refused != nil) == .sent else {
                    refused = frames
                    break
                }
                refused = nil
                counters.published.add()
                next += 1
            }
            let blocked = next < batch.count
            if !blocked && !batch.isEmpty { continue }

            if queue.isClosed {
                if !blocked && queue.isEmpty { return }
                deadline = deadline ?? .now + configuration.linger
            }
            if let deadline, deadline <= .now {
                counters.abandoned.add(UInt64(batch.count - next))
                return
            }
            if !blocked && (!queue.sleepIfIdle() || !executor.sleepIfIdle()) { continue }
            // Blocked: only look at the wake signal and subscriptions, then go back to the blocking retry.
            var timeout: Duration? = blocked ? .zero : nil
            if let deadline { timeout = min(timeout ?? .seconds(3600), max(.zero, deadline - .now)) }
            _ = try poller.poll(timeout: timeout)
            queue.markAwake()
            if poller.readyEvents(at: wakeItem).contains(.readable) { wake.drain() }
            if poller.readyEvents(at: socketItem).contains(.readable) { readSubscriptions(socket, logger: logger) }
        }
    }

    /// How long a retried send may block before the loop looks at its wake signal again.
    private static let blockedSendTimeout: Duration = .milliseconds(10)

    /// Consumes subscription messages, which an XPUB queues until read: counted and logged.
    private func readSubscriptions(_ socket: borrowing ZMQSocket, logger: Logger) {
        while let message = try? socket.receive(blocking: false), let frame = message.first, let flag = frame.first {
            counters.subscribedTopics.note(frame)
            let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
            logger.debug(
                flag == 1 ? "subscribed" : "unsubscribed",
                metadata: ["topic": "\(topic.isEmpty ? "*" : topic)"]
            )
        }
    }
}
