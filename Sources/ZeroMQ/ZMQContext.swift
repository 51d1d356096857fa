internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq context: the I/O threads and the registry every socket of a process is made from.
///
/// Make one per process and share it. It is terminated when the last reference goes, which is after the last
/// socket is closed, since each socket holds its context.
// `@unchecked Sendable` is sound: libzmq documents a context as thread safe ("A ØMQ context is thread safe and may
// be shared among as many application threads as necessary", zmq_ctx_new(3)), and the class's only state is the
// immutable context pointer. `zmq_ctx_term` runs once, in deinit, when no socket can still use the context because
// every `ZMQSocket` keeps a strong reference to it.
public final class ZMQContext: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    /// Creates a context.
    ///
    /// - Parameter ioThreads: libzmq's background I/O threads (`ZMQ_IO_THREADS`); one serves about a gigabit.
    /// - Throws: ``ZMQError`` if libzmq cannot create the context or refuses the thread count.
    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let raw = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.raw = raw
        try ZMQCall.run("zmq_ctx_set") { zmq_ctx_set(raw, ZMQ_IO_THREADS, ioThreads) }
    }

    deinit {
        // Sockets are gone (they hold the context), and each set a finite LINGER, so this returns once their
        // queued messages are sent or the linger expires. EINTR only means: call again.
        while zmq_ctx_term(raw) == -1 && zmq_errno() == EINTR {}
    }

    /// The libzmq version linked at run time, for example (4, 3, 4).
    public static var libraryVersion: (major: Int32, minor: Int32, patch: Int32) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (major, minor, patch)
    }
}
