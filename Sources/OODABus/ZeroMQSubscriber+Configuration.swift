import OODACore
import ZeroMQ

extension ZeroMQSubscriber {
    /// Which publishers and kinds a subscriber follows, and how much it buffers.
    public struct Configuration: Sendable {
        /// The publishers' endpoints; libzmq connects in the background and reconnects after failures.
        public var endpoints: [String]
        /// The kinds to receive (a ZeroMQ prefix subscription per kind: no kind is a prefix of another);
        /// `nil` for everything, including messages of unknown kinds, which are then rejected and counted.
        public var kinds: Set<MessageKind>?
        /// Deliver gap, restart and rejection notices among the envelopes (they are counted either way).
        public var notices: Bool
        /// Who subscribes, made known to the publishers: the subscriber also subscribes to the topic
        /// ``ZeroMQSubscriber/markerTopic(of:)`` of this name, which no message carries, so that a publisher can
        /// tell that this subscriber in particular has (re)connected (``ZeroMQPublisher/waitForSubscriber(named:limit:)``).
        /// `nil` to stay anonymous.
        public var name: StageName? = nil
        /// Messages queued per publisher in libzmq before the publisher drops (or, with no-drop, waits).
        public var receiveHighWaterMark: Int32
        /// Events buffered in this process for the consumer before the I/O thread stops reading.
        public var bufferCapacity: Int
        /// The first reconnection delay, and the ceiling of its exponential back-off.
        public var reconnectInterval: Duration
        public var reconnectIntervalMax: Duration
        /// ZMTP heartbeats to each publisher: a publisher silent for three intervals is dropped and
        /// reconnected. `nil` for none.
        public var heartbeatInterval: Duration?
        /// The largest body accepted, in bytes; a peer that sends a larger message is disconnected.
        public var maximumBodyBytes: Int
        /// CURVE: the publishers' public key (Z85) and this subscriber's key pair (fresh when `nil`). `nil` for
        /// plain text.
        public var curveServerPublicKey: String?
        public var curveClientKeys: ZMQCurveKeyPair?
        /// CURVE: the public key of the publisher at each endpoint, where publishers have keys of their own; an
        /// endpoint not in it uses ``curveServerPublicKey``.
        public var curveServerPublicKeys: [String: String] = [:]
        /// How long after a publisher refused this subscriber's key it connects again. libzmq itself never
        /// retries a refused connection; this does, so that a key authorized later (the publisher restarted
        /// with it) lets the subscriber in without restarting it.
        public var refusedRetryInterval: Duration = .seconds(5)

        public init(
            endpoints: [String],
            kinds: Set<MessageKind>? = nil,
            notices: Bool = true,
            receiveHighWaterMark: Int32 = 1000,
            bufferCapacity: Int = 1024,
            reconnectInterval: Duration = .milliseconds(100),
            reconnectIntervalMax: Duration = .seconds(1),
            heartbeatInterval: Duration? = .seconds(1),
            maximumBodyBytes: Int = WireCodec.defaultMaximumBodyBytes,
            curveServerPublicKey: String? = nil,
            curveClientKeys: ZMQCurveKeyPair? = nil
        ) {
            self.endpoints = endpoints
            self.kinds = kinds
            self.notices = notices
            self.receiveHighWaterMark = receiveHighWaterMark
            self.bufferCapacity = bufferCapacity
            self.reconnectInterval = reconnectInterval
            self.reconnectIntervalMax = reconnectIntervalMax
            self.heartbeatInterval = heartbeatInterval
            self.maximumBodyBytes = maximumBodyBytes
            self.curveServerPublicKey = curveServerPublicKey
            self.curveClientKeys = curveClientKeys
        }
    }
}
