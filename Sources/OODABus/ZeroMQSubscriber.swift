import Logging
import OODACore
import ZeroMQ

/// Receives envelopes from one or more ZeroMQ publishers, decoded and checked, as ``BusEvents``.
///
/// The SUB socket lives on a dedicated I/O thread, or on a publisher's (``ZeroMQPublisher/subscribe(_:logger:)``),
/// that decodes each message, follows each publisher's sequence numbers (a gap or a restart becomes a notice and a
/// count), and rejects what it cannot read without stopping.
public final class ZeroMQSubscriber: EnvelopeSubscribing {
    public let events: BusEvents
    /// The I/O thread as an executor: a task that iterates ``events`` with it as its executor preference runs
    /// on the thread that receives, with no hand-off between threads (see ``IOThreadExecutor``).
    public let executor: IOThreadExecutor

    private let counters: BusCounters
    /// The thread of its own, or nil when a publisher's thread hosts it.
    private let thread: IOThread?
    /// Set once the socket is closed, when a publisher's thread hosts it.
    private let finished: OneShot<Void>?
    private let stopping: StopRequest
    private let wake: ZMQWakeSignal

    /// Connects to the endpoints and starts the I/O thread.
    ///
    /// - Parameters:
    ///   - configuration: the endpoints, kinds and buffering.
    ///   - context: the process's ZeroMQ context.
    ///   - logger: where rejections, gaps and restarts are reported.
    /// - Throws: ``BusError`` with ``BusError/Code/endpoint`` naming a malformed endpoint, or
    ///   ``BusError/Code/resources``.
    public init(configuration: Configuration, context: ZMQContext, logger: Logger) async throws(BusError) {
        let wake: ZMQWakeSignal
        do {
            wake = try ZMQWakeSignal()
        } catch {
            throw BusError(.resources, "cannot make the subscriber's wake-up descriptor", underlying: error)
        }
        let channel = EventChannel(capacity: configuration.bufferCapacity) { wake.signal() }
        let counters = BusCounters()
        let executor = IOThreadExecutor(wake: wake)
        let stopping = StopRequest()
        let connected = OneShot<BusError?>()
        let loop = SubscriberLoop(
            configuration: configuration,
            context: context,
            channel: channel,
            wake: wake,
            executor: executor,
            counters: counters,
            logger: logger
        )
        self.stopping = stopping
        self.executor = executor
        let thread = try IOThread(name: "ooda-sub") {
            loop.run(reportingConnectionTo: connected, stopping: stopping)
        }
        if let error = await connected.value() {
            await thread.join()
            throw error
        }
        self.events = BusEvents(channel: channel)
        self.counters = counters
        self.thread = thread
        self.finished = nil
        self.wake = wake
    }

    /// A subscriber connected on a publisher's thread (``ZeroMQPublisher/subscribe(_:logger:)``).
    init(hostedAs guest: SubscriberHosting.Guest) {
        events = BusEvents(channel: guest.loop.channel)
        executor = guest.loop.executor
        counters = guest.loop.counters
        thread = nil
        finished = guest.finished
        stopping = guest.stopping
        wake = guest.loop.wake
    }

    deinit {
        // Dropped without close(): stop the thread anyway, so it does not read for nobody forever.
        stopping.request()
        wake.signal()
    }

    public var stats: BusStats { counters.snapshot }

    public func close() async {
        stopping.request()
        wake.signal()
        await thread?.join()
        await finished?.value()
    }
}

extension ZeroMQSubscriber {
    /// The topic a named subscriber subscribes to so that publishers know it is there: `~` and the name. No
    /// message kind starts with `~`, so nothing is ever delivered on it.
    public static func markerTopic(of name: StageName) -> [UInt8] { Array("~\(name.rawValue)".utf8) }
}
