internal import CZeroMQ

/// A socket option, typed by its value: `socket.set(.linger, .milliseconds(100))`, `socket.get(.lastEndpoint)`.
///
/// Durations are whole milliseconds on the wire to libzmq; `nil` stands for libzmq's -1 ("forever", or "off"
/// where the option says so).
public struct ZMQSocketOption<Value>: Sendable, CustomStringConvertible {
    let code: Int32
    /// The libzmq name, for example `ZMQ_LINGER`.
    public let name: String
    /// The buffer a string value is read into; libzmq returns CURVE keys as Z85 only for exactly 41 bytes.
    let readCapacity: Int

    init(_ code: Int32, _ name: String, readCapacity: Int = 0) {
        self.code = code
        self.name = name
        self.readCapacity = readCapacity
    }

    public var description: String { name }
}

extension ZMQSocketOption where Value == Duration? {
    /// How long closing the socket waits to deliver queued messages; `nil` waits forever.
    public static var linger: Self { Self(ZMQ_LINGER, "ZMQ_LINGER") }
    /// The first reconnection delay after a lost or refused connection; `nil` turns reconnection off.
    public static var reconnectInterval: Self { Self(ZMQ_RECONNECT_IVL, "ZMQ_RECONNECT_IVL") }
    /// The ceiling of the exponential reconnection back-off; zero keeps the delay at ``reconnectInterval``.
    public static var reconnectIntervalMax: Self { Self(ZMQ_RECONNECT_IVL_MAX, "ZMQ_RECONNECT_IVL_MAX") }
    /// How often ZMTP heartbeats are sent on an idle connection; zero turns them off.
    public static var heartbeatInterval: Self { Self(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL") }
    /// How long the peer should wait for traffic before it drops the connection (tenths of a second precision).
    public static var heartbeatTimeToLive: Self { Self(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL") }
    /// How long to wait for any traffic after a heartbeat before dropping the connection.
    public static var heartbeatTimeout: Self { Self(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT") }
    /// How long a blocking send waits for room before it returns `.wouldBlock`; `nil` waits forever.
    public static var sendTimeout: Self { Self(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO") }
    /// How long a blocking receive waits for a message before it returns `nil`; `nil` waits forever.
    public static var receiveTimeout: Self { Self(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO") }
}

extension ZMQSocketOption where Value == Int32 {
    /// The most messages queued per peer for sending; beyond it PUB drops and PUSH blocks. Zero: no limit.
    public static var sendHighWaterMark: Self { Self(ZMQ_SNDHWM, "ZMQ_SNDHWM") }
    /// The most messages queued per peer on receipt. Zero: no limit.
    public static var receiveHighWaterMark: Self { Self(ZMQ_RCVHWM, "ZMQ_RCVHWM") }
}

extension ZMQSocketOption where Value == Int64 {
    /// The largest inbound message accepted, in bytes; a peer that sends more is disconnected. -1: no limit.
    public static var maximumMessageSize: Self { Self(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE") }
}

extension ZMQSocketOption where Value == Bool {
    /// XPUB only: with a full queue, refuse the send (`.wouldBlock`) instead of dropping. Write-only.
    public static var xpubNoDrop: Self { Self(ZMQ_XPUB_NODROP, "ZMQ_XPUB_NODROP") }
    /// This socket is the CURVE server: it holds ``curveSecretKey`` and authenticates clients.
    public static var curveServer: Self { Self(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER") }
}

extension ZMQSocketOption where Value == [UInt8] {
    /// SUB only: receive messages whose first frame starts with these bytes; empty means all. Write-only.
    public static var subscribe: Self { Self(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE") }
    /// SUB only: undo one matching ``subscribe``. Write-only.
    public static var unsubscribe: Self { Self(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE") }
}

extension ZMQSocketOption where Value == String {
    /// The endpoint last bound or connected, with the port chosen for `tcp://…:0`. Read-only.
    public static var lastEndpoint: Self { Self(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT", readCapacity: 1024) }
    /// This socket's long-term CURVE public key, Z85 (40 characters).
    public static var curvePublicKey: Self { Self(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", readCapacity: 41) }
    /// This socket's long-term CURVE secret key, Z85 (40 characters).
    public static var curveSecretKey: Self { Self(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", readCapacity: 41) }
    /// A CURVE client: the server's public key, Z85 (40 characters). Setting it makes the socket a CURVE client.
    public static var curveServerKey: Self { Self(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY", readCapacity: 41) }
}
