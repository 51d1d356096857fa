import Logging
import OODACore
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
        let socket: ZMQSocket
        do {
            socket = try makeSocket()
        } catch {
            connected.fulfil(error)
            return
        }
        connected.fulfil(nil)
        do {
            try serve(socket, stopping: stopping)
        } catch {
            logger.error("subscriber stopped: the socket failed", metadata: ["error": "\(error)"])
        }
    }

    private func makeSocket() throws(BusError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context, type: .subscriber)
            try configure(socket)
            for endpoint in configuration.endpoints {
                do {
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
        if let serverKey = configuration.curveServerPublicKey {
            let keys: ZMQCurveKeyPair
            if let given = configuration.curveClientKeys { keys = given } else { keys = try .generate() }
            try socket.set(.curveServerKey, serverKey)
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

    /// Reads until told to stop, holding back while the consumer's buffer is full.
    private func serve(_ socket: borrowing ZMQSocket, stopping: StopRequest) throws(ZMQError) {
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
            _ = try poller.poll(timeout: nil)
            if poller.readyEvents(at: wakeItem).contains(.readable) { wake.drain() }
        }
    }
}
