internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libzmq socket pointer behind a ``ZMQSocket``, shared with the pollers it was added to.
///
/// The socket closes it when it goes away; a poller holding it then finds it closed instead of passing a dangling
/// pointer to libzmq. Not Sendable: it never leaves its socket's thread.
final class ZMQSocketHandle {
    private(set) var raw: UnsafeMutableRawPointer?
    /// Keeps the context alive while the socket is open: `zmq_ctx_term` waits for every socket to close.
    let context: ZMQContext

    init(_ raw: UnsafeMutableRawPointer, context: ZMQContext) {
        self.raw = raw
        self.context = context
    }

    /// The open socket's pointer.
    ///
    /// - Throws: ``ZMQError/Code/socketClosed`` once the socket is closed.
    func open(_ function: String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let raw else { throw ZMQError(errno: ENOTSOCK, function: function) }
        return raw
    }

    /// Closes the socket; idempotent.
    func close() {
        guard let raw else { return }
        self.raw = nil
        // zmq_close only fails for a pointer that is not a socket, which `raw` always is.
        _ = zmq_close(raw)
    }

    deinit { close() }
}
