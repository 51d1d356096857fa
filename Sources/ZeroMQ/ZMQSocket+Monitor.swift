internal import CZeroMQ

extension ZMQSocket {
    /// Publishes this socket's connection events on an `inproc://` endpoint of its context
    /// (`zmq_socket_monitor`): connect a ``ZMQSocketType/pair`` socket there and read each event with
    /// ``ZMQMonitorEvent/init(frames:)``.
    ///
    /// - Parameters:
    ///   - endpoint: an `inproc://` endpoint no other socket of the context uses.
    ///   - events: the events to report.
    /// - Throws: ``ZMQError`` naming `zmq_socket_monitor` and the endpoint.
    public func monitor(on endpoint: String, events: ZMQMonitorEvent.Kinds) throws(ZMQError) {
        let raw = try handle.open("zmq_socket_monitor")
        try ZMQCall.run("zmq_socket_monitor", endpoint: endpoint) {
            zmq_socket_monitor(raw, endpoint, Int32(bitPattern: events.rawValue))
        }
    }
}

/// One event of a monitored socket: what happened, on which endpoint, and its value (a file descriptor, an
/// errno, or for a failed authentication the ZAP status code such as 400).
public struct ZMQMonitorEvent: Sendable, Hashable {
    /// Which events a monitor reports.
    public struct Kinds: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let connected = Kinds(rawValue: UInt32(ZMQ_EVENT_CONNECTED))
        public static let disconnected = Kinds(rawValue: UInt32(ZMQ_EVENT_DISCONNECTED))
        public static let handshakeSucceeded = Kinds(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
        /// The security handshake failed for no reason the peer gave (for example a wrong key: the peer
        /// could not decrypt what was sent).
        public static let handshakeFailedNoDetail = Kinds(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
        /// The peers disagreed on the protocol (for example one side uses CURVE and the other does not).
        public static let handshakeFailedProtocol = Kinds(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
        /// The server's authentication handler refused this peer; the value is its status code.
        public static let handshakeFailedAuthentication = Kinds(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH))
        /// Every way a handshake can fail.
        public static let handshakeFailed: Kinds = [
            .handshakeFailedNoDetail, .handshakeFailedProtocol, .handshakeFailedAuthentication,
        ]
    }

    /// The event: exactly one of ``Kinds``.
    public var kind: Kinds
    /// The event's value.
    public var value: UInt32
    /// The endpoint it concerns.
    public var endpoint: String

    public init(kind: Kinds, value: UInt32, endpoint: String) {
        self.kind = kind
        self.value = value
        self.endpoint = endpoint
    }

    /// Reads a monitor message: a frame of the event number (16 bits) and value (32 bits), in the host's byte
    /// order, then a frame with the endpoint. `nil` for anything else.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let header = frames[0]
        let event = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt16.self) }
        let value = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self) }
        self.init(
            kind: Kinds(rawValue: UInt32(event)),
            value: value,
            endpoint: String(decoding: frames[1], as: UTF8.self)
        )
    }
}
