import Logging
import OODACore
import Synchronization
import ZeroMQ

/// What a ``ZeroMQSubscriber``'s I/O thread runs: the socket is created, used and closed here, and nowhere else.
struct SubscriberLoop: Sendable {
    let configuration: ZeroMQSubscriber.Configuration
    let context: ZMQContext
    let channel: EventChannel
    let wake: ZMQWakeSignal
    let executor: IOThreadExecutor
    let counters: BusCounters
    let logger: Logger

    /// Messages read per wake-up before the thread looks at its wake signal again.
    private static let batchSize = 256

    func run(reportingConnectionTo connected: OneShot<BusError?>, stopping: StopRequest) {
        defer {
            // Jobs from now on run elsewhere; then the consumers are told the stream ended.
            executor.stop()
            channel.finish()
        }
        let monitorEndpoint = "inproc://ooda-subscriber-monitor-\(Self.monitors.add(1, ordering: .relaxed).newValue)"
        let socket: ZMQSocket
        do {
            socket = try makeSocket(monitoredOn: monitorEndpoint)
        } catch {
            connected.fulfil(error)
            return
        }
        let monitor = makeMonitor(monitorEndpoint)
        connected.fulfil(nil)
        do {
            try serve(socket, monitor: monitor, stopping: stopping)
        } catch {
            logger.error("subscriber stopped: the socket failed", metadata: ["error": "\(error)"])
        }
    }

    /// The subscribers made in this process, to name each one's monitor endpoint.
    private static let monitors = Atomic<Int>(0)

    private func makeSocket(monitoredOn monitorEndpoint: String) throws(BusError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context, type: .subscriber)
            try configure(socket)
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

    private func configure(_ socket: borrowing ZMQSocket) throws(ZMQError) {
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
    private func makeMonitor(_ endpoint: String) -> ZMQSocket? {
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

    /// Reads until told to stop, holding back while the consumer's buffer is full; follows the handshakes and
    /// connects again to publishers that refused this subscriber's key.
    private func serve(
        _ socket: borrowing ZMQSocket,
        monitor: borrowing ZMQSocket?,
        stopping: StopRequest
    ) throws(ZMQError) {
        var intake = EnvelopeIntake(
            kinds: configuration.kinds,
            notices: configuration.notices,
            maximumBodyBytes: configuration.maximumBodyBytes,
            counters: counters,
            logger: logger
        )
        var poller = ZMQPoller()
        let socketItem = poller.add(socket, events: .readable)
        let wakeItem = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
        var monitorItem: Int?
        switch monitor {
        case .some(let monitor): monitorItem = poller.add(monitor, events: .readable)
        case .none: break
        }
        var handshakes = HandshakeWatch()
        var attribution = EndpointAttribution(configured: configuration.endpoints)
        // Publishers that refused this subscriber's key, and when to connect to each again.
        var retries: [String: ContinuousClock.Instant] = [:]
        var events: [BusEvent] = []
        var jobs: [UnownedJob] = []

        while !stopping.isRequested {
            // Consumers that prefer this thread handle what was read before anything more is read.
            executor.runJobs(reusing: &jobs)
            var read = 0
            while read < Self.batchSize, channel.hasRoomOrNotify(), let frames = try socket.receive(blocking: false) {
                intake.accept(frames: frames, into: &events)
                channel.offer(events)
                events.removeAll(keepingCapacity: true)
                read += 1
                // A consumer on this thread was waiting and now has the event: it runs before the next read
                // (which costs libzmq two system calls even when nothing is there).
                if executor.hasJobs { break }
            }
            if read > 0 { continue }
            // With no room the socket is left out of the poll: the consumer's next take wakes this thread.
            poller.setEvents(channel.hasRoomOrNotify() ? .readable : [], at: socketItem)
            guard executor.sleepIfIdle() else { continue }
            _ = try poller.poll(timeout: retries.values.min().map { max(.zero, $0 - .now) })
            if poller.readyEvents(at: wakeItem).contains(.readable) { wake.drain() }
            if let monitorItem, poller.readyEvents(at: monitorItem).contains(.readable) {
                switch monitor {
                case .some(let monitor): readHandshakes(monitor, &handshakes, &attribution, retries: &retries)
                case .none: break
                }
            }
            try reconnectRefused(socket, &retries)
        }
    }

    /// Connects again to the publishers that refused this subscriber's key and whose retry time has come.
    private func reconnectRefused(
        _ socket: borrowing ZMQSocket,
        _ retries: inout [String: ContinuousClock.Instant]
    ) throws(ZMQError) {
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
    private func readHandshakes(
        _ monitor: borrowing ZMQSocket,
        _ handshakes: inout HandshakeWatch,
        _ attribution: inout EndpointAttribution,
        retries: inout [String: ContinuousClock.Instant]
    ) {
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
