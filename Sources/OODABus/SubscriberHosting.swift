import Synchronization

/// The subscribers a publisher's I/O thread is asked to take on (``ZeroMQPublisher/subscribe(_:logger:)``), handed
/// from async code to that thread.
final class SubscriberHosting: Sendable {
    /// A subscriber to run on the publisher's thread, and how the thread reports back to it.
    struct Guest: Sendable {
        let loop: SubscriberLoop
        /// Set by the thread once the socket is connected, or with why it could not be.
        let connected: OneShot<BusError?>
        /// Set by ``ZeroMQSubscriber/close()``: the thread closes the socket and ends the events.
        let stopping: StopRequest
        /// Set by the thread once the socket is closed and the events ended.
        let finished: OneShot<Void>

        /// Ends the subscriber's events and tells its `close()` it is done (on the thread, after its socket closed).
        func end() {
            loop.channel.finish()
            finished.fulfil(())
        }
    }

    private struct State {
        var pending: [Guest] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// Whether guests are pending: the thread looks at every turn, without taking the lock.
    private let waiting = Atomic(false)

    init() {}

    /// Queues a guest for the thread, which the caller then wakes.
    ///
    /// - Returns: false when the thread has stopped and takes no guest any more.
    func offer(_ guest: Guest) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.pending.append(guest)
            waiting.store(true, ordering: .releasing)
            return true
        }
    }

    /// The guests queued since the last call (on the thread).
    func takePending() -> [Guest] {
        guard waiting.load(ordering: .acquiring) else { return [] }
        return state.withLock { state in
            waiting.store(false, ordering: .relaxed)
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Refuses every later guest (the thread is stopping).
    ///
    /// - Returns: the guests queued but never taken on.
    func close() -> [Guest] {
        state.withLock { state in
            state.closed = true
            defer { state.pending = [] }
            return state.pending
        }
    }
}
