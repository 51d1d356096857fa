internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq call failed: which call, on which endpoint, with libzmq's errno and message.
///
/// Built right after the failing call, so `errno` is the one that call set. `EAGAIN` is never an error here (the
/// socket calls return it as a value) and `EINTR` is retried before anything is thrown.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidEndpoint, addressInUse, addressNotAvailable, endpointNotFound
            case unsupportedOperation, invalidArgument, contextTerminated, socketClosed
            case tooManySockets, wouldBlock, system
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The endpoint is not of a form libzmq understands, or names an unsupported transport.
        public static let invalidEndpoint = Code(.invalidEndpoint)
        /// Another socket already holds the address.
        public static let addressInUse = Code(.addressInUse)
        /// The address is not local to this machine, or cannot be resolved.
        public static let addressNotAvailable = Code(.addressNotAvailable)
        /// Unbind or disconnect named an endpoint the socket is not bound or connected to.
        public static let endpointNotFound = Code(.endpointNotFound)
        /// The operation is not available for this socket type or in its current state (recv on PUB).
        public static let unsupportedOperation = Code(.unsupportedOperation)
        /// An option or argument was out of range.
        public static let invalidArgument = Code(.invalidArgument)
        /// The context was terminated; the socket can only be closed.
        public static let contextTerminated = Code(.contextTerminated)
        /// The socket was already closed.
        public static let socketClosed = Code(.socketClosed)
        /// The process or the context ran out of sockets or file descriptors.
        public static let tooManySockets = Code(.tooManySockets)
        /// A later frame of a multipart message could not be queued (the first was); the message is incomplete.
        public static let wouldBlock = Code(.wouldBlock)
        /// Any other system error; see ``ZMQError/errno``.
        public static let system = Code(.system)

        public var description: String { base.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// The errno libzmq reported (`zmq_errno()`).
    public var errno: Int32
    /// libzmq's text for `errno` (`zmq_strerror`).
    public var message: String
    /// The libzmq function that failed, for example `zmq_bind`.
    public var function: String
    /// The endpoint the call was about, when there was one.
    public var endpoint: String?

    /// An error for `errno` returned by `function`.
    ///
    /// - Parameters:
    ///   - errno: the errno the call set.
    ///   - function: the libzmq function's name.
    ///   - endpoint: the endpoint the call was about, if any.
    public init(errno: Int32, function: String, endpoint: String? = nil) {
        self.errno = errno
        self.message = String(cString: zmq_strerror(errno))
        self.function = function
        self.endpoint = endpoint
        self.code = Self.code(errno: errno, aboutEndpoint: endpoint != nil)
    }

    /// The error for the errno the last libzmq call on this thread set.
    static func last(_ function: String, endpoint: String? = nil) -> ZMQError {
        ZMQError(errno: zmq_errno(), function: function, endpoint: endpoint)
    }

    public var description: String {
        let place = endpoint.map { " for endpoint '\($0)'" } ?? ""
        return "\(function) failed\(place): \(message) (errno \(errno), \(code)). \(advice)"
    }

    private var advice: String {
        switch code {
        case .invalidEndpoint:
            "Use tcp://host:port (port * or 0 to bind any), ipc:///absolute/path or inproc://name."
        case .addressInUse: "Stop the other process bound there, or choose another address."
        case .addressNotAvailable: "Bind to a local interface address, or check the host name."
        case .endpointNotFound: "Pass the endpoint exactly as bound or connected (for tcp port 0, read LAST_ENDPOINT)."
        case .unsupportedOperation: "Check the socket type: this operation is not available for it."
        case .contextTerminated: "The context is shutting down; close the socket."
        case .socketClosed: "The socket was closed before this call."
        case .tooManySockets: "Raise the file descriptor limit or close unused sockets."
        default: "Check the arguments of the call."
        }
    }

    private static func code(errno: Int32, aboutEndpoint: Bool) -> Code {
        switch errno {
        case EINVAL where aboutEndpoint: .invalidEndpoint
        case EPROTONOSUPPORT, ENOCOMPATPROTO, ENODEV: aboutEndpoint ? .invalidEndpoint : .unsupportedOperation
        case EADDRINUSE: .addressInUse
        case EADDRNOTAVAIL: .addressNotAvailable
        case ENOENT: .endpointNotFound
        case ENOTSUP, EFSM: .unsupportedOperation
        case EINVAL: .invalidArgument
        case ETERM: .contextTerminated
        case ENOTSOCK: .socketClosed
        case EMFILE: .tooManySockets
        case EAGAIN: .wouldBlock
        default: .system
        }
    }
}
