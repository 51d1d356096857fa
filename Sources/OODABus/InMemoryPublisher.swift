import OODACore
import Synchronization

/// A publisher on an ``InMemoryBus``.
public final class InMemoryPublisher: EnvelopePublishing {
    private let bus: InMemoryBus
    private let codec = Mutex(WireCodec())
    private let closed = Atomic(false)
    private let counters = BusCounters()

    init(bus: InMemoryBus) {
        self.bus = bus
    }

    /// Delivers the envelope to every matching subscriber, waiting while one of them is full.
    ///
    /// - Throws: ``BusError`` with ``BusError/Code/closed`` after ``close()``.
    public func publish(_ envelope: Envelope) async throws(BusError) {
        guard !closed.load(ordering: .acquiring) else { throw BusError.closed("in-memory publisher") }
        let frames = codec.withLock { $0.encode(envelope) }
        await bus.deliver(frames)
        counters.published.add()
    }

    /// Delivers raw frames as a foreign or faulty publisher would, for tests of rejection.
    public func send(frames: [[UInt8]]) async {
        await bus.deliver(frames)
    }

    /// Returns at once: delivery is complete when ``publish(_:)`` returns.
    public func flush() async {}

    public var stats: BusStats { counters.snapshot }

    public func close() async {
        closed.store(true, ordering: .releasing)
    }
}
