import Logging
import OODACore
import Synchronization
import ZeroMQ

/// One subscription's sockets and reading state, on the I/O thread that made them: a subscriber's own
/// (``SubscriberLoop``), or the thread of the publisher that hosts it (``ZeroMQPublisher/subscribe(_:logger:)``).
///
/// The thread calls ``readAvailable()`` until nothing is waiting, ``prepareToSleep(_:)`` before it polls, and
/// ``serviceReady(_:)`` after; the sockets close when the session is released.
final class SubscriberSession {
    private let loop: SubscriberLoop
    private let socket: ZMQSocket
    private let monitor: ZMQSocket?
    private var intake: EnvelopeIntake
    private var handshakes = HandshakeWatch()
    private var attribution: EndpointAttribution
    /// Publishers that refused this subscriber's key, and when to connect to each again.
    private var retries: [String: ContinuousClock.Instant] = [:]
    private var events: [BusEvent] = []
    private var socketItem = 0
    private var monitorItem: Int?

    /// Messages read per call before the thread looks at its other work again.
    private static let batchSize = 256

    private var configuration: ZeroMQSubscriber.Configuration { loop.configuration }
    private var channel: EventChannel { loop.channel }
    private var counters: BusCounters { loop.counters }
    private var logger: Logger { loop.logger }

    /// Makes the socket and its handshake monitor, and connects to the publishers.
    ///
    /// - Throws: ``BusError`` naming an endpoint that cannot be connected to, or ``BusError/Code/resources``.
    init(_ loop: SubscriberLoop) throws(BusError) {
        let monitorEndpoint = "inproc://ooda-subscriber-monitor-\(Self.monitors.add(1, ordering: .relaxed).newValue)"
        self.loop = loop
        socket = try Self.makeSocket(loop, monitoredOn: monitorEndpoint)
        monitor = Self.makeMonitor(monitorEndpoint, loop)
        intake = EnvelopeIntake(
            kinds: loop.configuration.kinds,
            notices: loop.configuration.notices,
            maximumBodyBytes: loop.configuration.maximumBodyBytes,
            counters: loop.counters,
            logger: loop.logger
        )
        attribution = EndpointAttribution(configured: loop.configuration.endpoints)
    }

    /// Adds the session's sockets to `poller` (a poller rebuilt from scratch takes them again).
    func register(in poller: inout ZMQPoller) {
        socketItem = poller.add(socket, events: .readable)
        switch monitor {
        case .some(let monitor): monitorItem = poller.add(monitor, events: .readable)
        case .none: monitorItem = nil
        }
    }

    /// Reads and delivers what is waiting, without blocking, while the consumers' buffer has room; stops early
    /// when a consumer on this thread has an event to handle, so that it runs before the next read.
    ///
    /// - Returns: how many messages it read.
    func readAvailable() throws(ZMQError) -> Int {
        var read = 0
        while read < Self.batchSize, channel.hasRoomOrNotify(), let frames = try socket.receive(blocking: false) {
            intake.accept(frames: frames, into: &events)
            channel.offer(events)
            events.removeAll(keepingCapacity: true)
            read += 1
            // A consumer on this thread was waiting and now has the event: it runs before the next read
            // (which costs libzmq two system calls even when nothing is there).
            if loop.executor.hasJobs { break }
        }
        return read
    }

    /// Leaves the socket out of the next poll while the consumers' buffer is full: their next take wakes the
    /// thread.
    func prepareToSleep(_ poller: inout ZMQPoller) {
        poller.setEvents(channel.hasRoomOrNotify() ? .readable : [], at: socketItem)
    }

    /// When the thread must wake to connect again to a publisher that refused this subscriber, if one did.
    var nextRetry: ContinuousClock.Instant? { retries.values.min() }

    /// After a poll: follows the handshakes and connects again to publishers whose retry time has come.
    func serviceReady(_ poller: borrowing ZMQPoller) throws(ZMQError) {
        if let monitorItem, poller.readyEvents(at: monitorItem).contains(.readable) {
            switch monitor {
            case .some(let monitor): readHandshakes(monitor)
            case .none: break
            }
        }
        try reconnectRefused()
    }

    /// The subscribers made in this process, to name each one's monitor endpoint.
    private static let monitors = Atomic<Int>(0)

    private static func makeSocket(
        _ loop: SubscriberLoop,
        monitoredOn monitorEndpoint: String
    ) throws(BusError) -> ZMQSocket {
        let (configuration, context) = (loop.configuration, loop.context)
        do {
            let socket = try ZMQSocket(context, type: .subscriber)
            try configure(socket, configuration)
            // Before connecting, so that the first handshake is reported too.
            try socket.monitor(on: monitorEndpoint, events: [.handshakeSucceeded, .handshakeFailed])
            for endpoint in configuration.endpoints {
                do {
                    // CURVE options apply to the connections made after they are set: one key per publisher.
                    if let serverKey = configuration.curveServerPublicKeys[endpoint] {
                        try socket.set(.curveServerKey, serverKey)
                    }
                    try socket.connect(endpoint)
                } catch {
                    throw BusError(
                        .endpoint,
                        "cannot subscribe to '\(endpoint)'",
                        endpoint: endpoint,
                        underlying: error
                    )
                }
            }
            return socket
        } catch let error as BusError {
            throw error
        } catch {
            throw BusError(.resources, "cannot set up the subscriber socket", underlying: error as? ZMQError)
        }
    }

    private static func configure(
        _ socket: borrowing ZMQSocket,
        _ configuration: ZeroMQSubscriber.Configuration
    ) throws(ZMQError) {
        try socket.set(.receiveHighWaterMark, configuration.receiveHighWaterMark)
        try socket.set(.reconnectInterval, configuration.reconnectInterval)
        try socket.set(.reconnectIntervalMax, configuration.reconnectIntervalMax)
        // Room for the topic frame and the framing around the body.
        try socket.set(.maximumMessageSize, Int64(configuration.maximumBodyBytes) + 4096)
        if let interval = configuration.heartbeatInterval {
            try socket.set(.heartbeatInterval, interval)
            try socket.set(.heartbeatTimeout, interval * 3)
        }
        if configuration.curveServerPublicKey != nil || !configuration.curveServerPublicKeys.isEmpty {
            let keys: ZMQCurveKeyPair
            if let given = configuration.curveClientKeys { keys = given } else { keys = try .generate() }
            if let serverKey = configuration.curveServerPublicKey { try socket.set(.curveServerKey, serverKey) }
            try socket.set(.curvePublicKey, keys.publicKey)
            try socket.set(.curveSecretKey, keys.secretKey)
        }
        if let kinds = configuration.kinds {
            for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) { try socket.set(.subscribe, kind.topic) }
        } else {
            try socket.set(.subscribe, [])
        }
        if let name = configuration.name { try socket.set(.subscribe, ZeroMQSubscriber.markerTopic(of: name)) }
    }

    /// Whether this subscriber connects to `endpoint` with CURVE.
    private func usesCurve(_ endpoint: String) -> Bool {
        configuration.curveServerPublicKey != nil || configuration.curveServerPublicKeys[endpoint] != nil
    }

    /// The PAIR socket that reads the subscriber's handshake events; `nil` (logged) if libzmq cannot make it, as
    /// the subscriber works without.
    private static func makeMonitor(_ endpoint: String, _ loop: SubscriberLoop) -> ZMQSocket? {
        let (context, logger) = (loop.context, loop.logger)
        do {
            let monitor = try ZMQSocket(context, type: .pair)
            try monitor.connect(endpoint)
            return monitor
        } catch {
            logger.warning(
                "cannot watch handshakes with the publishers; a refused key will go unreported",
                metadata: ["error": "\(error)"]
            )
            return nil
        }
    }

    /// Connects again to the publishers that refused this subscriber's key and whose retry time has come.
    private func reconnectRefused() throws(ZMQError) {
        // Nearly always empty: then no clock read on every wake-up.
        guard !retries.isEmpty else { return }
        let now = ContinuousClock.now
        for (endpoint, time) in retries where time <= now {
            retries[endpoint] = nil
            try? socket.disconnect(endpoint)
            if let serverKey = configuration.curveServerPublicKeys[endpoint] ?? configuration.curveServerPublicKey {
                try socket.set(.curveServerKey, serverKey)
            }
            try socket.connect(endpoint)
        }
    }

    /// Reads the monitor's events: a failed handshake is counted, logged and (with notices) delivered when an
    /// endpoint starts failing or fails for another reason; a success after failures is logged.
    private func readHandshakes(_ monitor: borrowing ZMQSocket) {
        while let frames = try? monitor.receive(blocking: false), var event = ZMQMonitorEvent(frames: frames) {
            // Named as configured (`tcp://decide:5553`), not as resolved (`tcp://172.18.0.4:5553`).
            event.endpoint = attribution.configuredEndpoint(for: event.endpoint)
            let curve = usesCurve(event.endpoint)
            if let failure = HandshakeFailure(event, subscriberUsesCurve: curve) {
                counters.handshakeFailures.add()
                // libzmq gives up on a refused connection for good: this subscriber tries again later.
                if case .refused = failure, configuration.endpoints.contains(event.endpoint) {
                    retries[event.endpoint] = .now + configuration.refusedRetryInterval
                }
            }
            switch handshakes.note(event, subscriberUsesCurve: curve) {
            case .none:
                break
            case .failing(let failure):
                logger.warning(
                    "cannot subscribe: the security handshake failed",
                    metadata: ["endpoint": "\(event.endpoint)", "why": "\(failure)"]
                )
                if configuration.notices { channel.offer([.handshakeFailed(endpoint: event.endpoint, failure)]) }
            case .mended(let failures):
                logger.info(
                    "handshake succeeded after failing",
                    metadata: ["endpoint": "\(event.endpoint)", "failures": "\(failures)"]
                )
            }
        }
    }
}
