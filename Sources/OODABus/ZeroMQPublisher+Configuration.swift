import ZeroMQ

extension ZeroMQPublisher {
    /// Where and how a publisher binds, and what it does when subscribers cannot keep up.
    public struct Configuration: Sendable {
        /// The endpoint to bind: `ipc:///path`, `tcp://127.0.0.1:0` (the port is then chosen; read
        /// ``ZeroMQPublisher/endpoint``), `tcp://*:5556`.
        public var endpoint: String
        /// Never drop: when a subscriber's queue is full, hold the envelope (`XPUB_NODROP`) and let `publish`
        /// wait. For edges where a lost message is worse than a stalled publisher (decide → act). Otherwise a
        /// slow subscriber loses envelopes, and sees gaps.
        public var noDrop: Bool
        /// Envelopes queued per subscriber in libzmq before it drops (or, with ``noDrop``, holds).
        public var sendHighWaterMark: Int32
        /// Envelopes queued in this process for the I/O thread before `publish` waits.
        public var queueCapacity: Int
        /// How long closing may take to send what is queued; what is left after it is abandoned and counted.
        public var linger: Duration
        /// ZMTP heartbeats to each subscriber, so dead peers are noticed; `nil` for none.
        public var heartbeatInterval: Duration?
        /// CURVE: the publisher's key pair; subscribers must know its public key. `nil` for plain text.
        public var curveServerKeys: ZMQCurveKeyPair?
        /// With CURVE, the public keys (Z85) of the subscribers admitted; any other is refused during its
        /// handshake and the refusal logged once per key. `nil` admits any subscriber that knows the publisher's
        /// public key. The publisher then answers its context's authentication requests (ZAP), which one
        /// socket per context may do: give such a publisher a context of its own.
        public var curveAuthorizedClients: Set<String>?

        public init(
            endpoint: String,
            noDrop: Bool = false,
            sendHighWaterMark: Int32 = 1000,
            queueCapacity: Int = 1024,
            linger: Duration = .seconds(1),
            heartbeatInterval: Duration? = .seconds(1),
            curveServerKeys: ZMQCurveKeyPair? = nil,
            curveAuthorizedClients: Set<String>? = nil
        ) {
            self.endpoint = endpoint
            self.noDrop = noDrop
            self.sendHighWaterMark = sendHighWaterMark
            self.queueCapacity = queueCapacity
            self.linger = linger
            self.heartbeatInterval = heartbeatInterval
            self.curveServerKeys = curveServerKeys
            self.curveAuthorizedClients = curveAuthorizedClients
        }
    }
}
