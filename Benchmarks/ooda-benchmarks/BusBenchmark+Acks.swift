import Foundation
import Synchronization
import ZeroMQ

// The acks of the bus benchmark's latency runs: the receiving process acks each message over PUSH/PULL, so
// that the publishing process sends the next one only after it arrived.

/// A value one thread hands to another that waits for it.
final class Handshake<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func set(_ new: Value) {
        value.withLock { $0 = new }
        ready.signal()
    }

    func wait() -> Value {
        ready.wait()
        return value.withLock { $0! }
    }
}

/// The publishing side's PULL socket for acks (true for a measured message, false for a probe), on a thread of
/// its own: delivered to a blocked thread (a raw sender) or to a task as an async sequence (a bus sender).
final class AckReceiver: Sendable {
    let endpoint: String
    let acks: AsyncStream<Bool>
    private let state = AckQueue()

    init(context: ZMQContext, endpoint requested: String) throws {
        let (acks, continuation) = AsyncStream<Bool>.makeStream()
        self.acks = acks
        let bound = Handshake<Result<String, ZMQError>>()
        let state = state
        Thread {
            do throws(ZMQError) {
                let socket = try ZMQSocket(context, type: .pull)
                try socket.set(.receiveTimeout, .milliseconds(100))
                try socket.bind(requested)
                bound.set(.success(try socket.lastEndpoint))
                var lastAck = ContinuousClock.now
                while !state.stopping.load(ordering: .acquiring) {
                    guard let frames = try socket.receive() else {
                        // Silence this long means the receiver is gone or a message was lost: the stream
                        // ends, and a bus sender waiting on it fails instead of waiting forever.
                        if ContinuousClock.now - lastAck > Self.silenceLimit { break }
                        continue
                    }
                    lastAck = .now
                    let measured = frames.first == [1]
                    state.push(measured)
                    continuation.yield(measured)
                }
            } catch {
                bound.set(.failure(error))
            }
            continuation.finish()
        }.start()
        endpoint = try bound.wait().get()
    }

    /// How long the acks may stop before the async sequence ends.
    static let silenceLimit: Duration = .seconds(30)

    /// The next ack, waiting up to `limit` on the calling thread (a raw sender's); nil if none came.
    func waitBlocking(_ limit: Duration) -> Bool? {
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard state.signal.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        return state.pop()
    }

    func stop() { state.stopping.store(true, ordering: .releasing) }
}

/// The receiving side's PUSH socket for acks, on a thread of its own, fed by whichever thread received.
final class AckSender: Sendable {
    private let state = AckQueue()
    private let finished = Handshake<Void>()

    init(context: ZMQContext, endpoint: String) throws {
        let (state, finished) = (state, finished)
        let ready = Handshake<ZMQError?>()
        Thread {
            do throws(ZMQError) {
                let socket = try ZMQSocket(context, type: .push, linger: .seconds(1))
                try socket.connect(endpoint)
                ready.set(nil)
                while true {
                    state.signal.wait()
                    // Every queued ack goes out before a stop is honoured: the sender waits for the last one.
                    if let measured = state.popIfAny() {
                        _ = try socket.send([measured ? 1 : 0])
                    } else if state.stopping.load(ordering: .acquiring) {
                        break
                    }
                }
            } catch {
                ready.set(error)
            }
            finished.set(())
        }.start()
        if let error = ready.wait() { throw error }
    }

    func send(measured: Bool) { state.push(measured) }

    /// Sends what is queued, closes the socket (its linger delivers it) and returns once the thread is done.
    func stop() {
        state.stopping.store(true, ordering: .releasing)
        state.signal.signal()
        finished.wait()
    }
}

/// Acks between a socket's thread and the threads that produce or wait for them.
final class AckQueue: Sendable {
    let signal = DispatchSemaphore(value: 0)
    let stopping = Atomic(false)
    private let queue = Mutex<[Bool]>([])

    func push(_ measured: Bool) {
        queue.withLock { $0.append(measured) }
        signal.signal()
    }

    /// The oldest ack; call after `signal` was waited for.
    func pop() -> Bool { queue.withLock { $0.removeFirst() } }

    /// The oldest ack, if any.
    func popIfAny() -> Bool? { queue.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}
