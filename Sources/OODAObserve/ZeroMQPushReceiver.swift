import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// Receives pushes over a ZeroMQ PULL socket and hands them to the same inbox as `POST /push`.
///
/// A service connects a PUSH socket and sends one JSON payload per message (the last frame, so a leading topic
/// frame is allowed). PULL has no way to answer, so a refused push is logged, counted in
/// `ooda_push_refused_total{transport="zmq"}` and reported on ``receipts``.
///
/// The socket lives on a dedicated thread, blocked in `zmq_poll`, never on a Swift concurrency thread; a wake
/// signal ends the poll on graceful shutdown or cancellation.
public final class ZeroMQPushReceiver: Service {
    /// What became of one received message.
    public enum Receipt: Sendable, Equatable {
        /// The payload's samples were queued; how many.
        case accepted(Int)
        /// The payload was refused, with the reason.
        case refused(PushRefusal)
    }

    private enum Binding {
        case waiting([CheckedContinuation<String?, Never>])
        case bound(String)
        case stopped
    }

    private final class StopFlag: Sendable {
        let requested = Atomic(false)
    }

    /// What became of each received message, in order; for logs and tests. Buffers the newest 1,000.
    public let receipts: AsyncStream<Receipt>
    private let receiptSink: AsyncStream<Receipt>.Continuation
    private let endpoint: String
    private let context: ZMQContext
    private let inbox: PushIngestor
    private let metrics: StageMetrics?
    private let maxMessageBytes: Int
    private let curve: (keys: ZMQCurveKeyPair, authorized: Set<String>)?
    private let logger: Logger
    private let binding = Mutex(Binding.waiting([]))

    /// Creates a receiver.
    ///
    /// - Parameters:
    ///   - endpoint: Where to bind the PULL socket: `tcp://127.0.0.1:5560`, `ipc:///run/ooda/push`, port 0 allowed.
    ///   - context: The process's ZeroMQ context.
    ///   - inbox: Where accepted samples go.
    ///   - metrics: The stage's figures, to count pushes.
    ///   - maxMessageBytes: The largest message accepted; libzmq drops the connection of a peer that sends more.
    ///   - curve: CURVE: this socket's key pair and the public keys of the services admitted to push; the
    ///     receiver then answers `context`'s authentication requests, so give it a context of its own. `nil`
    ///     for plain text.
    ///   - logger: The logger for refusals and socket failures.
    public init(
        endpoint: String,
        context: ZMQContext,
        inbox: PushIngestor,
        metrics: StageMetrics? = nil,
        maxMessageBytes: Int = 1 << 20,
        curve: (keys: ZMQCurveKeyPair, authorized: Set<String>)? = nil,
        logger: Logger
    ) {
        self.endpoint = endpoint
        self.context = context
        self.inbox = inbox
        self.metrics = metrics
        self.maxMessageBytes = maxMessageBytes
        self.curve = curve
        self.logger = logger
        (receipts, receiptSink) = AsyncStream.makeStream(of: Receipt.self, bufferingPolicy: .bufferingNewest(1000))
    }

    /// The endpoint actually bound (with the port the system chose for port 0); `nil` if binding failed.
    public func boundEndpoint() async -> String? {
        await withCheckedContinuation { continuation in
            binding.withLock { binding in
                switch binding {
                case .waiting(let waiters): binding = .waiting(waiters + [continuation])
                case .bound(let endpoint): continuation.resume(returning: endpoint)
                case .stopped: continuation.resume(returning: nil)
                }
            }
        }
    }

    /// Receives until graceful shutdown or cancellation.
    ///
    /// - Throws: ``ObserveError`` with code `serverFailed` when the socket cannot be made or bound.
    public func run() async throws {
        let wake: ZMQWakeSignal
        do {
            wake = try ZMQWakeSignal()
        } catch {
            settle(nil)
            throw ObserveError(.serverFailed, "cannot create the wake signal: \(error)", location: endpoint)
        }
        let stop = StopFlag()
        let requestStop: @Sendable () -> Void = {
            stop.requested.store(true, ordering: .releasing)
            wake.signal()
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
                    let thread = Thread { [self] in
                        do {
                            try serve(wake: wake, stop: stop)
                            finished.resume()
                        } catch {
                            finished.resume(throwing: error)
                        }
                    }
                    thread.name = "ooda-push-pull"
                    thread.start()
                }
            } onGracefulShutdown: {
                requestStop()
            }
        } onCancel: {
            requestStop()
        }
    }

    /// The thread's body: the sockets are made, used and closed here only.
    private func serve(wake: ZMQWakeSignal, stop: StopFlag) throws(ObserveError) {
        defer {
            settle(nil)
            receiptSink.finish()
        }
        // Answering authentication requests before the first service can connect.
        let authentication = try makeAuthenticationSocket()
        let socket = try makeSocket()
        var poller = ZMQPoller()
        poller.add(socket, events: .readable)
        let wakeItem = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
        var authenticationItem: Int?
        switch authentication {
        case .some(let authentication): authenticationItem = poller.add(authentication, events: .readable)
        case .none: break
        }
        var refusedKeys: Set<String> = []
        do {
            while !stop.requested.load(ordering: .acquiring) {
                while let frames = try socket.receive(blocking: false) {
                    receive(frames.last ?? [])
                }
                _ = try poller.poll(timeout: nil)
                if poller.readyEvents(at: wakeItem).contains(.readable) { wake.drain() }
                if let authenticationItem, poller.readyEvents(at: authenticationItem).contains(.readable) {
                    switch authentication {
                    case .some(let authentication): try answer(authentication, refusedKeys: &refusedKeys)
                    case .none: break
                    }
                }
            }
        } catch {
            throw ObserveError(.serverFailed, "the push socket failed: \(error)", location: endpoint)
        }
    }

    /// The REP socket on which libzmq asks this receiver to admit or refuse each CURVE service.
    private func makeAuthenticationSocket() throws(ObserveError) -> ZMQSocket? {
        guard curve != nil else { return nil }
        do {
            let socket = try ZMQSocket(context, type: .reply)
            try socket.bind(ZMQCurveAuthenticator.endpoint)
            return socket
        } catch {
            throw ObserveError(
                .serverFailed,
                "cannot authenticate the services that push: \(error); give the push receiver a ZeroMQ context of "
                    + "its own",
                location: endpoint
            )
        }
    }

    /// Answers the authentication requests waiting; a refused key is logged the first time it is refused.
    private func answer(_ socket: borrowing ZMQSocket, refusedKeys: inout Set<String>) throws(ZMQError) {
        let authenticator = ZMQCurveAuthenticator(authorized: curve?.authorized ?? [])
        for verdict in try authenticator.answerWaiting(on: socket) {
            if case .refused(let key, let address) = verdict {
                metrics?.pushRefused(transport: "zmq", code: .unauthorized)
                guard refusedKeys.insert(key).inserted else { continue }
                logger.warning(
                    "refused a service that pushes with a key not authorized (add its public key if it should push)",
                    metadata: ["endpoint": "\(endpoint)", "key": "\(key)", "address": "\(address)"]
                )
            }
        }
    }

    private func makeSocket() throws(ObserveError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context, type: .pull)
            try socket.set(.maximumMessageSize, Int64(maxMessageBytes))
            if let keys = curve?.keys {
                try socket.set(.curveServer, true)
                try socket.set(.curveSecretKey, keys.secretKey)
            }
            try socket.bind(endpoint)
            settle(try socket.get(.lastEndpoint))
            return socket
        } catch {
            throw ObserveError(
                .serverFailed,
                "cannot bind the push socket: \(error); check the endpoint and that it is free",
                location: endpoint
            )
        }
    }

    private func receive(_ payload: [UInt8]) {
        do {
            let accepted = try inbox.ingest(json: payload, source: "push:zmq")
            metrics?.pushAccepted(samples: accepted, transport: "zmq")
            receiptSink.yield(.accepted(accepted))
        } catch {
            metrics?.pushRefused(transport: "zmq", code: error.code)
            logger.warning("push refused", metadata: ["endpoint": "\(endpoint)", "reason": "\(error)"])
            receiptSink.yield(.refused(error))
        }
    }

    private func settle(_ endpoint: String?) {
        let waiters = binding.withLock { binding in
            defer {
                if case .waiting = binding {
                    binding = endpoint.map { .bound($0) } ?? .stopped
                } else if endpoint == nil {
                    binding = .stopped
                }
            }
            if case .waiting(let waiters) = binding { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume(returning: endpoint) }
    }
}
