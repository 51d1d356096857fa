import Foundation
import Logging
import OODAObserve
import Synchronization
import ZeroMQ

/// Push ingestion over ZeroMQ: a PULL socket on its own thread takes the same JSON as `POST /push` and hands
/// it to observe's inbox. A refusal cannot be answered on a one-way socket, so it is logged with its reasons
/// and counted in `/metrics` (`ooda_push_refused_total{transport="zmq"}`).
final class PushSocketReceiver: Sendable {
    let endpoint: String
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Binds `endpoint` on a new thread and starts receiving.
    ///
    /// - Throws: ``StageError`` naming the endpoint when it cannot be bound.
    init(
        endpoint: String,
        context: ZMQContext,
        inbox: PushIngestor,
        metrics: StageMetrics,
        logger: Logger
    ) throws {
        self.endpoint = endpoint
        let bound = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let thread = Thread { [self] in
            defer { finished.signal() }
            do {
                try receive(context: context, inbox: inbox, metrics: metrics, logger: logger) { bound.signal() }
            } catch {
                logger.error("push socket failed", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
                failure.withLock { $0 = "\(error)" }
                bound.signal()
            }
        }
        thread.name = "ooda-push"
        thread.start()
        bound.wait()
        if let message = failure.withLock({ $0 }) {
            finished.wait()
            throw StageError(.bind, "cannot bind the push endpoint \(endpoint): \(message)")
        }
    }

    /// Binds, says so through `onBound`, then receives until stopped. Runs on the receiver's own thread.
    private func receive(
        context: ZMQContext,
        inbox: PushIngestor,
        metrics: StageMetrics,
        logger: Logger,
        onBound: () -> Void
    ) throws {
        let socket = try ZMQSocket(context, type: .pull, linger: .zero)
        try socket.bind(endpoint)
        onBound()
        var poller = ZMQPoller()
        let index = poller.add(socket, events: .readable)
        while !stopping.load(ordering: .relaxed) {
            _ = try poller.poll(timeout: .milliseconds(100))
            guard poller.readyEvents(at: index).contains(.readable) else { continue }
            while let frames = try socket.receive(blocking: false) {
                do throws(PushRefusal) {
                    let accepted = try inbox.ingest(json: frames.last ?? [], source: "push:zmq")
                    metrics.pushAccepted(samples: accepted, transport: "zmq")
                } catch {
                    metrics.pushRefused(transport: "zmq", code: error.code)
                    logger.warning("refused a push", metadata: ["endpoint": "\(endpoint)", "reason": "\(error)"])
                }
            }
        }
    }

    /// Stops receiving and waits for the thread to close the socket.
    func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
    }
}
