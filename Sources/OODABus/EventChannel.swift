import Synchronization

/// The bounded hand-off from a subscriber's producer (its I/O thread, or in-memory publishers) to the tasks that
/// iterate its ``BusEvents``.
///
/// When it is full the I/O thread stops reading its socket, so the back-pressure reaches libzmq's receive
/// high-water mark and the publisher drops there, where the sequence numbers reveal it as a gap: nothing is lost
/// silently in this process. The capacity is soft by a message's notices, which are always accepted.
final class EventChannel: Sendable {
    private struct State {
        var buffer: RingBuffer<BusEvent>
        /// Consumers waiting for an event. Unsafe continuations: each is resumed exactly once, by `offer`,
        /// `finish` or the cancellation handler, whichever removes it from this list under the lock; the checked
        /// kind costs an allocation per wait, on every message's path.
        var consumers: [(id: UInt64, continuation: UnsafeContinuation<BusEvent?, Never>)] = []
        var nextConsumerID: UInt64 = 0
        /// In-memory publishers waiting for room.
        var producers: [CheckedContinuation<Bool, Never>] = []
        /// The I/O thread found the channel full and waits for ``EventChannel/onRoom``.
        var producerWaiting = false
        var finished = false
    }

    private let state: Mutex<State>
    private let capacity: Int
    private let onRoom: @Sendable () -> Void

    /// - Parameters:
    ///   - capacity: how many events may wait for a consumer before the producer is held back.
    ///   - onRoom: called (from a consumer's task) when a full channel gets room again and the I/O thread
    ///     asked to be told; it wakes that thread.
    init(capacity: Int, onRoom: @escaping @Sendable () -> Void = {}) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State(buffer: RingBuffer(initialCapacity: min(max(1, capacity), 4096) + 2)))
        self.onRoom = onRoom
    }

    /// Whether the producer may take another message now. When it may not, it will be told through `onRoom`.
    func hasRoomOrNotify() -> Bool {
        state.withLock { state in
            let room = state.buffer.count < capacity || state.finished
            if !room { state.producerWaiting = true }
            return room
        }
    }

    /// Hands events to the consumers without waiting (the I/O thread checked ``hasRoomOrNotify()`` first).
    func offer(_ events: some Sequence<BusEvent>) {
        // Most offers hand one event to one waiting consumer: that one goes without an array.
        var first: (UnsafeContinuation<BusEvent?, Never>, BusEvent)?
        var more: [(UnsafeContinuation<BusEvent?, Never>, BusEvent)] = []
        state.withLock { state in
            guard !state.finished else { return }
            for event in events {
                if !state.consumers.isEmpty {
                    let handed = (state.consumers.removeFirst().continuation, event)
                    if first == nil { first = handed } else { more.append(handed) }
                } else {
                    state.buffer.append(event)
                }
            }
        }
        if let (continuation, event) = first { continuation.resume(returning: event) }
        for (continuation, event) in more { continuation.resume(returning: event) }
    }

    /// Hands events to the consumers, waiting while the channel is full (in-memory publishing).
    func send(_ events: [BusEvent]) async {
        var waited = true
        while waited {
            waited = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let room = state.withLock { state in
                    if state.buffer.count < capacity || state.finished { return true }
                    state.producers.append(continuation)
                    return false
                }
                if room { continuation.resume(returning: false) }
            }
        }
        offer(events)
    }

    /// Ends the stream: consumers get what is buffered, then `nil`; waiting producers are released.
    func finish() {
        let (consumers, producers) = state.withLock { state in
            state.finished = true
            defer {
                state.producers = []
                if state.buffer.isEmpty { state.consumers = [] }
            }
            return (state.buffer.isEmpty ? state.consumers.map(\.continuation) : [], state.producers)
        }
        for consumer in consumers { consumer.resume(returning: nil) }
        for producer in producers { producer.resume(returning: true) }
    }

    /// The next event, waiting for one; `nil` once finished and drained, or when the task is cancelled.
    func next() async -> BusEvent? {
        // One lock: an event buffered, the end, or a number to wait under.
        let (taken, id) = state.withLock { state -> (BusEvent??, UInt64) in
            if let event = state.buffer.popFirst() { return (.some(event), 0) }
            if state.finished { return (.some(nil), 0) }
            defer { state.nextConsumerID += 1 }
            return (nil, state.nextConsumerID)
        }
        if let taken {
            if taken != nil { notifyRoomIfWaiting() }
            return taken
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<BusEvent?, Never>) in
                let ready: BusEvent?? = state.withLock { state in
                    if let event = state.buffer.popFirst() { return .some(event) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.consumers.append((id, continuation))
                    return nil
                }
                if let ready {
                    continuation.resume(returning: ready)
                    if ready != nil { notifyRoomIfWaiting() }
                }
            }
        } onCancel: {
            let cancelled = state.withLock { state in
                state.consumers.firstIndex { $0.id == id }.map { state.consumers.remove(at: $0).continuation }
            }
            cancelled?.resume(returning: nil)
        }
    }

    private func notifyRoomIfWaiting() {
        let (notify, producers) = state.withLock { state in
            guard state.buffer.count < capacity else { return (false, [CheckedContinuation<Bool, Never>]()) }
            defer {
                state.producerWaiting = false
                state.producers = []
            }
            return (state.producerWaiting, state.producers)
        }
        if notify { onRoom() }
        for producer in producers { producer.resume(returning: true) }
    }
}
