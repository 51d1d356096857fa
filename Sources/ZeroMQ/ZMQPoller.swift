internal import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits until any of several sockets and plain file descriptors is ready (`zmq_poll`).
///
/// Add the items once, change what each waits for with ``setEvents(_:at:)``, and poll in a loop. A file
/// descriptor item is how a thread blocked in a poll is woken from outside, for example by an eventfd. Not
/// Sendable, like the sockets it holds: a poller lives on its sockets' thread.
public struct ZMQPoller {
    private var items: [zmq_pollitem_t] = []
    /// The socket behind each item, `nil` for a file descriptor; checked before each poll so that a closed
    /// socket is an error rather than a dangling pointer handed to libzmq.
    private var sockets: [ZMQSocketHandle?] = []

    public init() {}

    /// Adds a socket.
    ///
    /// - Parameters:
    ///   - socket: the socket; it must stay open while the poller is used.
    ///   - events: what to wait for: ``ZMQPollEvents/readable``, ``ZMQPollEvents/writable`` or both.
    /// - Returns: the item's index, for ``readyEvents(at:)`` and ``setEvents(_:at:)``.
    @discardableResult
    public mutating func add(_ socket: borrowing ZMQSocket, events: ZMQPollEvents) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle.raw, fd: -1, events: events.rawValue, revents: 0))
        sockets.append(socket.handle)
        return items.count - 1
    }

    /// Adds a plain file descriptor, such as an eventfd or a pipe's read end.
    ///
    /// - Returns: the item's index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32, events: ZMQPollEvents) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: events.rawValue, revents: 0))
        sockets.append(nil)
        return items.count - 1
    }

    /// Changes what an item waits for; an empty set leaves the item out of the next polls.
    public mutating func setEvents(_ events: ZMQPollEvents, at index: Int) {
        items[index].events = events.rawValue
    }

    /// What an item was found ready for by the last poll.
    public func readyEvents(at index: Int) -> ZMQPollEvents {
        ZMQPollEvents(rawValue: items[index].revents)
    }

    /// Waits until an item is ready or the timeout passes.
    ///
    /// A poll interrupted by a signal starts again with the full timeout.
    ///
    /// - Parameter timeout: the longest wait; `nil` waits without limit, `.zero` only looks.
    /// - Returns: how many items are ready; zero when the timeout passed.
    /// - Throws: ``ZMQError`` naming `zmq_poll`; ``ZMQError/Code/socketClosed`` if a socket was closed.
    public mutating func poll(timeout: Duration?) throws(ZMQError) -> Int {
        for index in items.indices {
            items[index].revents = 0
            if let socket = sockets[index], socket.raw == nil {
                throw ZMQError(errno: ENOTSOCK, function: "zmq_poll")
            }
        }
        let milliseconds = timeout.map { Self.milliseconds($0) } ?? -1
        let count = Int32(items.count)
        let ready = try ZMQCall.run("zmq_poll") {
            items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, count, milliseconds) }
        }
        return Int(ready)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = Int(seconds).multipliedReportingOverflow(by: 1000)
        // Round up, so a short positive timeout does not turn into a busy look.
        return overflow ? Int.max : whole + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

@available(*, unavailable, message: "a poller holds sockets, which must stay on the thread that created them")
extension ZMQPoller: Sendable {}
