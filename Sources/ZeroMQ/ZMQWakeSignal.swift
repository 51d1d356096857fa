internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor that becomes readable when signalled: how other threads wake a thread blocked in
/// ``ZMQPoller/poll(timeout:)``.
///
/// An eventfd on Linux (a pipe elsewhere). Signals coalesce: any number of signals before a ``drain()`` wake the
/// poll once. Signal from any thread; drain from the polling thread.
// `@unchecked Sendable` is sound: the descriptors are immutable, and write(2) and read(2) on an eventfd or a pipe
// are safe from any thread. They are closed in deinit, when no thread can hold the signal any more.
public final class ZMQWakeSignal: @unchecked Sendable {
    /// The descriptor to add to a poller as ``ZMQPollEvents/readable``.
    public let fileDescriptor: Int32
    private let writeDescriptor: Int32

    /// Creates the descriptor.
    ///
    /// - Throws: ``ZMQError`` naming `eventfd` (or `pipe`) if the process is out of file descriptors.
    public init() throws(ZMQError) {
        #if os(Linux)
        let descriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard descriptor >= 0 else { throw ZMQError(errno: errno, function: "eventfd") }
        fileDescriptor = descriptor
        writeDescriptor = descriptor
        #else
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw ZMQError(errno: errno, function: "pipe") }
        for end in ends { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        fileDescriptor = ends[0]
        writeDescriptor = ends[1]
        #endif
    }

    deinit {
        close(fileDescriptor)
        if writeDescriptor != fileDescriptor { close(writeDescriptor) }
    }

    /// Makes the descriptor readable. Never blocks.
    public func signal() {
        var one: UInt64 = 1
        // EAGAIN means the counter (or the pipe) is full, so the poller wakes anyway; EINTR: try again.
        while write(writeDescriptor, &one, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }

    /// Consumes pending signals, so that the descriptor is no longer readable.
    public func drain() {
        var sink: UInt64 = 0
        while read(fileDescriptor, &sink, MemoryLayout<UInt64>.size) > 0 || errno == EINTR {}
    }
}
