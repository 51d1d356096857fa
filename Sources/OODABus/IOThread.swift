import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated OS thread for blocking socket work, so that no Swift concurrency thread ever blocks in a poll.
///
/// The body runs once; ``join()`` waits for it without blocking the caller's thread for longer than the body's
/// last instructions take.
final class IOThread: Sendable {
    private let thread: pthread_t
    private let finished: OneShot<Void>
    private let joined = Atomic(false)

    /// Starts `body` on a new thread named `name` (the first 15 bytes show in `top -H` and debuggers).
    ///
    /// - Throws: ``BusError`` with ``BusError/Code/resources`` if the system cannot start a thread.
    init(name: String, _ body: @escaping @Sendable () -> Void) throws(BusError) {
        let finished = OneShot<Void>()
        self.finished = finished
        let start = Unmanaged.passRetained(
            ThreadStart(name: String(name.utf8.prefix(15)) ?? "ooda-io") {
                body()
                finished.fulfil(())
            }
        )
        #if os(Linux)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let result = pthread_create(
            &thread,
            nil,
            { argument in
                let start = Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue()
                Thread.current.name = start.name
                start.body()
                return nil
            },
            start.toOpaque()
        )
        guard result == 0 else {
            start.release()
            throw BusError.resources("pthread_create", errno: result)
        }
        #if os(Linux)
        self.thread = thread
        #else
        self.thread = thread!
        #endif
    }

    /// Waits until the body has returned, then reaps the thread.
    func join() async {
        await finished.value()
        // The body has returned, so the thread is on its way out: this join is immediate.
        if !joined.exchange(true, ordering: .acquiringAndReleasing) { pthread_join(thread, nil) }
    }

    deinit {
        // Never joined (its owner was dropped without closing): let the system reap it when its body returns.
        if !joined.load(ordering: .acquiring) { pthread_detach(thread) }
    }
}

/// What a new thread runs, passed through `pthread_create`'s untyped argument.
private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
