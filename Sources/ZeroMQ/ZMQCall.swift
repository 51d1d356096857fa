internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that runs a libzmq call which reports failure as -1 and errno.
enum ZMQCall {
    /// What a call that may find its socket not ready came to.
    enum Outcome {
        case done(Int32)
        case wouldBlock
    }

    /// Runs `body`, retrying while it is interrupted by a signal (`EINTR`).
    ///
    /// - Parameters:
    ///   - function: the libzmq function's name, for the error.
    ///   - endpoint: the endpoint the call is about, for the error.
    ///   - body: the call; -1 means failure with `zmq_errno()` set.
    /// - Returns: `.wouldBlock` for `EAGAIN`, otherwise the call's result.
    /// - Throws: ``ZMQError`` built from `zmq_errno()` right after the call.
    static func attempt(
        _ function: String,
        endpoint: String? = nil,
        _ body: () -> Int32
    ) throws(ZMQError) -> Outcome {
        while true {
            let result = body()
            if result != -1 { return .done(result) }
            let errno = zmq_errno()
            switch errno {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            default: throw ZMQError(errno: errno, function: function, endpoint: endpoint)
            }
        }
    }

    /// Runs a call for which `EAGAIN` cannot happen or is an error.
    ///
    /// - Throws: ``ZMQError``, with ``ZMQError/Code/wouldBlock`` if the call did report `EAGAIN`.
    @discardableResult
    static func run(_ function: String, endpoint: String? = nil, _ body: () -> Int32) throws(ZMQError) -> Int32 {
        switch try attempt(function, endpoint: endpoint, body) {
        case .done(let result): result
        case .wouldBlock: throw ZMQError(errno: EAGAIN, function: function, endpoint: endpoint)
        }
    }
}
