internal import CZeroMQ

/// The readiness a poll waits for, or found.
public struct ZMQPollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16

    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// A message (or, for a file descriptor, data) can be read without blocking.
    public static let readable = ZMQPollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// A message can be sent without blocking.
    public static let writable = ZMQPollEvents(rawValue: Int16(ZMQ_POLLOUT))
    /// A file descriptor has an error condition (only reported for file descriptors).
    public static let error = ZMQPollEvents(rawValue: Int16(ZMQ_POLLERR))
}
