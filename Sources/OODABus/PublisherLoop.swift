import Logging
import OODACore
import ZeroMQ

/// What a ``ZeroMQPublisher``'s I/O thread runs: the socket is created, used and closed here, and nowhere else.
/// The subscribers the publisher hosts (``ZeroMQPublisher/subscribe(_:logger:)``) read on this thread too.
struct PublisherLoop: Sendable {
    let configuration: ZeroMQPublisher.Configuration
    let context: ZMQContext
    let queue: PublishQueue
    let wake: ZMQWakeSignal
    let executor: IOThreadExecutor
    let counters: BusCounters
    let hosting: SubscriberHosting
    let logger: Logger

    /// Envelopes taken from the queue at once: enough to amortise its lock, few enough to keep latency low.
    private static let batchSize = 64

    func run(reportingBindTo bound: OneShot<Result<String, BusError>>) {
        // Publishing tasks that prefer this thread run elsewhere once it stops.
        defer { executor.stop() }
        func fail(_ error: BusError) {
            _ = queue.stop()
            bound.fulfil(.failure(error))
        }
        // Answering authentication requests before the first subscriber can connect.
        let authentication: ZMQSocket?
        do {
            authentication = try makeAuthenticationSocket()
        } catch {
            return fail(error)
        }
        let socket: ZMQSocket
        do {
            socket = try makeSocket()
        } catch {
            return fail(error)
        }
        let endpoint = (try? socket.lastEndpoint) ?? configuration.endpoint
        bound.fulfil(.success(endpoint))
        var logger = logger
        logger[metadataKey: "endpoint"] = "\(endpoint)"
        do {
            try serve(socket, authentication: authentication, logger: logger)
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

    /// The REP socket on which libzmq asks this publisher to admit or refuse each CURVE subscriber, when the
    /// configuration lists the keys admitted.
    private func makeAuthenticationSocket() throws(BusError) -> ZMQSocket? {
        guard configuration.curveServerKeys != nil, let authorized = configuration.curveAuthorizedClients else {
            return nil
        }
        guard !authorized.isEmpty else {
            throw BusError(
                .endpoint,
                "cannot publish on '\(configuration.endpoint)' with no authorized subscriber key: no one could "
                    + "subscribe",
                endpoint: configuration.endpoint
            )
        }
        do {
            let socket = try ZMQSocket(context, type: .reply)
            try socket.bind(ZMQCurveAuthenticator.endpoint)
            return socket
        } catch {
            let why =
                error.code == .addressInUse
                ? "another socket of this ZeroMQ context already answers its authentication requests; give this "
                    + "publisher a context of its own"
                : "\(error)"
            throw BusError(
                .resources,
                "cannot authenticate the subscribers of '\(configuration.endpoint)': \(why)",
                endpoint: configuration.endpoint,
                underlying: error
            )
        }
    }

    /// Sends until closed and drained, or until the linger after close runs out; meanwhile reads for the hosted
    /// subscribers.
    private func serve(
        _ socket: borrowing ZMQSocket,
        authentication: borrowing ZMQSocket?,
        logger: Logger
    ) throws(ZMQError) {
        let codec = WireCodec()
        let authenticator = configuration.curveAuthorizedClients.map { ZMQCurveAuthenticator(authorized: $0) }
        var poller = ZMQPoller()
        var items = (socket: 0, wake: 0, authentication: Int?.none)
        var guests: [(session: SubscriberSession, guest: SubscriberHosting.Guest)] = []
        defer {
            let ended = guests.map(\.guest)
            guests = []  // their sockets close here
            for guest in ended { guest.end() }
            for guest in hosting.close() {
                guest.connected.fulfil(BusError.closed("publisher on \(configuration.endpoint)"))
                guest.end()
            }
        }
        // The poller is made again whenever a hosted subscriber comes or goes.
        var pollerIsStale = true
        var refusedKeys: Set<String> = []
        var batch: [OutgoingMessage] = []
        batch.reserveCapacity(Self.batchSize)
        var next = 0
        // The frames of `batch[next]` when the socket refused them, kept to retry without encoding again.
        var refused: [[UInt8]]?
        var deadline: ContinuousClock.Instant?
        var jobs: [UnownedJob] = []

        while true {
            // Publishing tasks that prefer this thread queue their envelopes here; they are sent below at once.
            // Consumers of the hosted subscribers handle what was read before anything more is read.
            executor.runJobs(reusing: &jobs)
            if host(hosting.takePending(), into: &guests) { pollerIsStale = true }
            if dismissStopped(&guests) { pollerIsStale = true }
            if pollerIsStale {
                poller = ZMQPoller()
                items.socket = poller.add(socket, events: .readable)
                items.wake = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
                switch authentication {
                case .some(let authentication): items.authentication = poller.add(authentication, events: .readable)
                case .none: items.authentication = nil
                }
                for (session, _) in guests { session.register(in: &poller) }
                pollerIsStale = false
            }
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
            if read(guests) > 0 { continue }

            if queue.isClosed {
                if !blocked && queue.isEmpty { return }
                deadline = deadline ?? .now + configuration.linger
            }
            if let deadline, deadline <= .now {
                counters.abandoned.add(UInt64(batch.count - next))
                return
            }
            for (session, _) in guests { session.prepareToSleep(&poller) }
            if !blocked && (!queue.sleepIfIdle() || !executor.sleepIfIdle()) { continue }
            // Blocked: only look at the wake signal, subscriptions and hosted subscribers, then go back to the
            // blocking retry.
            var timeout: Duration? = blocked ? .zero : nil
            if let deadline { timeout = min(timeout ?? .seconds(3600), max(.zero, deadline - .now)) }
            for (session, _) in guests {
                if let retry = session.nextRetry { timeout = min(timeout ?? .seconds(3600), max(.zero, retry - .now)) }
            }
            _ = try poller.poll(timeout: timeout)
            queue.markAwake()
            if poller.readyEvents(at: items.wake).contains(.readable) { wake.drain() }
            if poller.readyEvents(at: items.socket).contains(.readable) { readSubscriptions(socket, logger: logger) }
            if let item = items.authentication, let authenticator, poller.readyEvents(at: item).contains(.readable) {
                switch authentication {
                case .some(let authentication):
                    try answer(authentication, authenticator, refusedKeys: &refusedKeys, logger: logger)
                case .none:
                    break
                }
            }
            for (session, guest) in guests {
                do {
                    try session.serviceReady(poller)
                } catch {
                    fail(guest, error)
                }
            }
        }
    }

    /// Takes on the subscribers handed to this thread: each connects here, and hears back.
    ///
    /// - Returns: whether any was taken on.
    private func host(
        _ pending: [SubscriberHosting.Guest],
        into guests: inout [(session: SubscriberSession, guest: SubscriberHosting.Guest)]
    ) -> Bool {
        var taken = false
        for guest in pending {
            do {
                guests.append((try SubscriberSession(guest.loop), guest))
                guest.connected.fulfil(nil)
                taken = true
            } catch {
                guest.connected.fulfil(error)
                guest.end()
            }
        }
        return taken
    }

    /// Closes the hosted subscribers asked to stop, or whose socket failed, and ends their events.
    ///
    /// - Returns: whether any was closed.
    private func dismissStopped(
        _ guests: inout [(session: SubscriberSession, guest: SubscriberHosting.Guest)]
    ) -> Bool {
        guard guests.contains(where: { $0.guest.stopping.isRequested }) else { return false }
        let ended = guests.filter { $0.guest.stopping.isRequested }.map(\.guest)
        guests.removeAll { $0.guest.stopping.isRequested }  // their sockets close here
        for guest in ended { guest.end() }
        return true
    }

    /// Reads what is waiting for the hosted subscribers, each in turn.
    ///
    /// - Returns: how many messages were read.
    private func read(_ guests: [(session: SubscriberSession, guest: SubscriberHosting.Guest)]) -> Int {
        var read = 0
        for (session, guest) in guests where !guest.stopping.isRequested {
            do {
                read += try session.readAvailable()
            } catch {
                fail(guest, error)
            }
        }
        return read
    }

    /// A hosted subscriber's socket failed: logged, and closed at the next turn; the publisher goes on.
    private func fail(_ guest: SubscriberHosting.Guest, _ error: ZMQError) {
        guest.loop.logger.error("subscriber stopped: the socket failed", metadata: ["error": "\(error)"])
        guest.stopping.request()
    }

    /// Answers the authentication requests waiting; a refused key is logged the first time it is refused.
    private func answer(
        _ socket: borrowing ZMQSocket,
        _ authenticator: ZMQCurveAuthenticator,
        refusedKeys: inout Set<String>,
        logger: Logger
    ) throws(ZMQError) {
        for verdict in try authenticator.answerWaiting(on: socket) {
            switch verdict {
            case .admitted(let key):
                logger.debug("subscriber admitted", metadata: ["key": "\(key)"])
            case .refused(let key, let address):
                counters.refused.add()
                // A refused subscriber keeps trying (ooda's every 5 s): said once per key.
                guard refusedKeys.insert(key).inserted else { continue }
                logger.warning(
                    "refused a subscriber whose key is not authorized (add its public key if it should subscribe)",
                    metadata: ["key": "\(key)", "address": "\(address)"]
                )
            case .malformed(let why):
                logger.warning("answered a malformed authentication request", metadata: ["why": "\(why)"])
            }
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
