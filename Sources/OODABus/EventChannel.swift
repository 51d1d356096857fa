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
        var consumers: [(id: UInt64, continuation: CheckedContinuation<BusEvent?, Never>)] = []
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
        var handed: [(CheckedContinuation<BusEvent?, Never>, BusEvent)] = []
        state.withLock { state in
            guard !state.finished else { return }
            for event in events {
                if !state.consumers.isEmpty {
                    handed.append((state.consumers.removeFirst().continuation, event))
                } else {
                    state.buffer.append(event)
                }
            }
        }
        for (continuation, event) in handed { continuation.resume(returning: event) }
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
        if let event = takeBuffered() { return event }
        let id = state.withLock { state in
            defer { state.nextConsumerID += 1 }
            return state.nextConsumerID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<BusEvent?, Never>) in
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

    /// The first buffered event, if any: `.some(nil)` for a finished, drained channel.
    private func takeBuffered() -> BusEvent?? {
        let taken: BusEvent?? = state.withLock { state in
            if let event = state.buffer.popFirst() { return .some(event) }
            return state.finished ? .some(nil) : nil
        }
        if case .some(.some) = taken { notifyRoomIfWaiting() }
        return taken
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
