import Logging
import OODACore
import Synchronization

/// A bus inside one process, with the same interface and the same wire form as the ZeroMQ one, for tests of
/// stage logic.
///
/// Envelopes travel as the same two frames (topic, JSON) and are decoded, filtered, sequence-checked and counted
/// by the same code as over ZeroMQ. It never drops: a subscriber whose buffer is full holds its publishers back,
/// so a test that stops reading a subscriber must close it.
public final class InMemoryBus: Sendable {
    private struct State {
        var subscribers: [UInt64: InMemorySubscriber] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// A new publisher on this bus.
    public func publisher() -> InMemoryPublisher {
        InMemoryPublisher(bus: self)
    }

    /// A new subscriber, receiving what is published from now on.
    ///
    /// - Parameters:
    ///   - kinds: the kinds to receive; `nil` for everything.
    ///   - notices: deliver gap, restart and rejection notices among the envelopes.
    ///   - bufferCapacity: events buffered before publishers are held back.
    ///   - logger: where rejections, gaps and restarts are reported.
    public func subscriber(
        kinds: Set<MessageKind>? = nil,
        notices: Bool = true,
        bufferCapacity: Int = 1024,
        logger: Logger
    ) -> InMemorySubscriber {
        state.withLock { state in
            defer { state.nextID += 1 }
            let subscriber = InMemorySubscriber(
                bus: self,
                id: state.nextID,
                kinds: kinds,
                notices: notices,
                bufferCapacity: bufferCapacity,
                logger: logger
            )
            state.subscribers[state.nextID] = subscriber
            return subscriber
        }
    }

    /// Delivers a message to every subscriber whose subscription matches its topic, in subscription order.
    func deliver(_ frames: [[UInt8]]) async {
        let subscribers = state.withLock { state in
            state.subscribers.sorted { $0.key < $1.key }.map(\.value)
        }
        for subscriber in subscribers { await subscriber.receive(frames) }
    }

    func remove(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
