import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the bus could not start, publish or go on.
public struct BusError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case endpoint, transport, closed, cancelled, resources
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An endpoint could not be bound or connected: malformed, in use, not local.
        public static let endpoint = Code(.endpoint)
        /// The socket failed while running; the publisher or subscriber has stopped.
        public static let transport = Code(.transport)
        /// The publisher or subscriber was closed before the call.
        public static let closed = Code(.closed)
        /// The task was cancelled while waiting for room to publish; the envelope was not published.
        public static let cancelled = Code(.cancelled)
        /// The system refused a thread, a file descriptor or a socket.
        public static let resources = Code(.resources)

        public var description: String { base.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// What happened and what to do, in a sentence or two.
    public var detail: String
    /// The endpoint concerned, when there is one.
    public var endpoint: String?
    /// The libzmq failure underneath, when there is one.
    public var underlying: ZMQError?

    public init(_ code: Code, _ detail: String, endpoint: String? = nil, underlying: ZMQError? = nil) {
        self.code = code
        self.detail = detail
        self.endpoint = endpoint
        self.underlying = underlying
    }

    public var description: String {
        let place = endpoint.map { " [\($0)]" } ?? ""
        let cause = underlying.map { " (\($0))" } ?? ""
        return "\(code)\(place): \(detail)\(cause)"
    }

    static func resources(_ function: String, errno: Int32) -> BusError {
        BusError(.resources, "\(function) failed: \(String(cString: strerror(errno))) (errno \(errno))")
    }

    static func closed(_ what: String) -> BusError {
        BusError(.closed, "the \(what) is closed; make a new one to go on")
    }
}
