import OODACore
import Synchronization
import ZeroMQ

/// The bounded hand-off from publishing tasks to a publisher's I/O thread.
///
/// `publish` returns once its envelope is queued here, and waits while the queue is full: back-pressure when the
/// socket cannot keep up (with `XPUB_NODROP`, when a subscriber does not). The I/O thread is woken only when it
/// said it was about to sleep, so a busy publisher costs no system call per envelope.
final class PublishQueue: Sendable {
    /// Why an envelope was not queued.
    enum Refusal: Error {
        case closed
        case cancelled
    }

    private struct Waiter {
        var id: UInt64
        var message: OutgoingMessage
        var continuation: CheckedContinuation<Refusal?, Never>
    }

    private struct State {
        var buffer: RingBuffer<OutgoingMessage>
        /// Publishers waiting for room, in arrival order, each with its envelope.
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// The I/O thread is about to poll or polling, and must be signalled to see new work.
        var consumerSleeping = false
        var closed = false
        /// The I/O thread has finished: nothing queued will be sent any more.
        var stopped = false
        /// Tasks waiting for the queue to be empty and the I/O thread to have sent everything.
        var flushers: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    private let capacity: Int
    private let wake: ZMQWakeSignal

    init(capacity: Int, wake: ZMQWakeSignal) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State(buffer: RingBuffer(initialCapacity: min(max(1, capacity), 4096))))
        self.wake = wake
    }

    /// Queues an envelope, waiting for room while the queue is full.
    ///
    /// - Throws: ``Refusal`` if the queue is closed, or the task is cancelled while it waits.
    func enqueue(_ message: OutgoingMessage) async throws(Refusal) {
        // The usual case, room in the queue, takes one lock and no suspension.
        let (admitted, signal, id) = state.withLock { state -> (Refusal??, Bool, UInt64) in
            if state.closed { return (.some(.closed), false, 0) }
            if state.buffer.count < capacity && state.waiters.isEmpty {
                state.buffer.append(message)
                defer { state.consumerSleeping = false }
                return (.some(nil), state.consumerSleeping, 0)
            }
            defer { state.nextWaiterID += 1 }
            return (nil, false, state.nextWaiterID)
        }
        if signal { wake.signal() }
        if let admitted {
            if let refusal = admitted { throw refusal }
            return
        }
        let refusal = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Refusal?, Never>) in
                let (outcome, signal) = state.withLock { state -> (Refusal??, Bool) in
                    if state.closed { return (.some(.closed), false) }
                    if state.buffer.count < capacity && state.waiters.isEmpty {
                        state.buffer.append(message)
                        defer { state.consumerSleeping = false }
                        return (.some(nil), state.consumerSleeping)
                    }
                    if Task.isCancelled { return (.some(.cancelled), false) }
                    state.waiters.append(Waiter(id: id, message: message, continuation: continuation))
                    return (nil, false)
                }
                if signal { wake.signal() }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
        if let refusal { throw refusal }
    }

    /// Takes up to `limit` envelopes for the I/O thread, and moves waiting publishers' envelopes into the room
    /// this makes, in order.
    func take(upTo limit: Int, into batch: inout [OutgoingMessage]) {
        let admitted = state.withLock { state -> [CheckedContinuation<Refusal?, Never>] in
            while batch.count < limit, let message = state.buffer.popFirst() { batch.append(message) }
            var admitted: [CheckedContinuation<Refusal?, Never>] = []
            while state.buffer.count < capacity && !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                state.buffer.append(waiter.message)
                admitted.append(waiter.continuation)
            }
            return admitted
        }
        for continuation in admitted { continuation.resume(returning: nil) }
    }

    /// Called by the I/O thread with nothing left to send: returns true if it may sleep until signalled, false if
    /// work arrived meanwhile. Wakes the tasks waiting in ``flush()``.
    func sleepIfIdle() -> Bool {
        let (idle, flushers) = state.withLock { state in
            guard state.buffer.isEmpty else { return (false, [CheckedContinuation<Void, Never>]()) }
            state.consumerSleeping = true
            defer { state.flushers = [] }
            return (true, state.flushers)
        }
        for flusher in flushers { flusher.resume() }
        return idle
    }

    /// Called by the I/O thread as its poll returns: it is running again, so envelopes queued from now on (by
    /// tasks it runs itself, most often) need no signal. Without this, each would write the eventfd the thread
    /// then reads back, two system calls on the way to the socket.
    func markAwake() {
        state.withLock { $0.consumerSleeping = false }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Whether nothing is queued or waiting.
    var isEmpty: Bool { state.withLock { $0.buffer.isEmpty && $0.waiters.isEmpty } }

    /// Waits until everything queued so far has been handed to the socket (or the publisher stopped).
    func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state in
                if !state.stopped { state.flushers.append(continuation) }
                return state.stopped
            }
            // Wake the thread even if it is busy: it answers flushers when it next runs out of work.
            if stopped { continuation.resume() } else { wake.signal() }
        }
    }

    /// Refuses new envelopes; those queued stay for the I/O thread to send. Waiting publishers are refused.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: .closed) }
        wake.signal()
    }

    /// Called by the I/O thread as it stops: drops what is still queued (closing outlasted the linger, or the
    /// socket failed), refuses everything from now on, and answers flushers.
    ///
    /// - Returns: how many envelopes were dropped.
    func stop() -> Int {
        let (count, flushers, waiters) = state.withLock { state in
            state.closed = true
            state.stopped = true
            var count = 0
            while state.buffer.popFirst() != nil { count += 1 }
            defer {
                state.flushers = []
                state.waiters = []
            }
            return (count, state.flushers, state.waiters)
        }
        for flusher in flushers { flusher.resume() }
        for waiter in waiters { waiter.continuation.resume(returning: .closed) }
        return count
    }
}

/// An envelope on its way to the I/O thread, with its JSON when the caller already encoded it (a stage encodes
/// each envelope for its log first), so that it is encoded once.
struct OutgoingMessage: Sendable {
    var envelope: Envelope
    var json: [UInt8]?

    /// The two frames of the wire form, encoding only when the caller did not.
    func frames(_ codec: WireCodec) -> [[UInt8]] {
        json.map { [envelope.kind.topic, $0] } ?? codec.encode(envelope)
    }
}
