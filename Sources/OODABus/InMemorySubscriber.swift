import Logging
import OODACore
import Synchronization

/// A subscriber on an ``InMemoryBus``.
public final class InMemorySubscriber: EnvelopeSubscribing {
    public let events: BusEvents

    private let bus: InMemoryBus
    private let id: UInt64
    private let topics: [[UInt8]]?
    private let channel: EventChannel
    private let intake: Mutex<EnvelopeIntake>
    private let counters = BusCounters()

    init(
        bus: InMemoryBus,
        id: UInt64,
        kinds: Set<MessageKind>?,
        notices: Bool,
        bufferCapacity: Int,
        logger: Logger
    ) {
        self.bus = bus
        self.id = id
        self.topics = kinds.map { $0.map(\.topic) }
        self.channel = EventChannel(capacity: bufferCapacity)
        self.events = BusEvents(channel: channel)
        self.intake = Mutex(
            EnvelopeIntake(
                kinds: kinds,
                notices: notices,
                maximumBodyBytes: WireCodec.defaultMaximumBodyBytes,
                counters: counters,
                logger: logger
            )
        )
    }

    public var stats: BusStats { counters.snapshot }

    public func close() async {
        bus.remove(id)
        channel.finish()
    }

    /// Takes a message if its topic matches a subscription, as a ZeroMQ SUB socket's prefix match does.
    func receive(_ frames: [[UInt8]]) async {
        if let topics {
            let topic = frames.first ?? []
            guard topics.contains(where: { topic.starts(with: $0) }) else { return }
        }
        var events: [BusEvent] = []
        intake.withLock { $0.accept(frames: frames, into: &events) }
        if !events.isEmpty { await channel.send(events) }
    }
}
