internal import CZeroMQ

/// The pattern a socket takes part in: PUB, SUB, XPUB, XSUB, PUSH, PULL, PAIR or REP.
public struct ZMQSocketType: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    /// The libzmq name, for example `ZMQ_PUB`.
    public let name: String

    private init(_ rawValue: Int32, _ name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    /// Publishes to every matching subscriber; drops for a subscriber whose queue is full.
    public static let publisher = ZMQSocketType(ZMQ_PUB, "ZMQ_PUB")
    /// Receives what publishers send on the topics it subscribed to.
    public static let subscriber = ZMQSocketType(ZMQ_SUB, "ZMQ_SUB")
    /// A publisher that also receives its subscribers' subscriptions, and can refuse to drop (`XPUB_NODROP`).
    public static let extendedPublisher = ZMQSocketType(ZMQ_XPUB, "ZMQ_XPUB")
    /// A subscriber that sends its subscriptions as messages.
    public static let extendedSubscriber = ZMQSocketType(ZMQ_XSUB, "ZMQ_XSUB")
    /// Sends round-robin to pullers, blocking when all are full.
    public static let push = ZMQSocketType(ZMQ_PUSH, "ZMQ_PUSH")
    /// Receives fairly from pushers.
    public static let pull = ZMQSocketType(ZMQ_PULL, "ZMQ_PULL")
    /// One exclusive peer, both directions.
    public static let pair = ZMQSocketType(ZMQ_PAIR, "ZMQ_PAIR")
    /// Answers requests, one reply per request in turn (a ZAP handler answers libzmq's authentication
    /// requests on one).
    public static let reply = ZMQSocketType(ZMQ_REP, "ZMQ_REP")

    public var description: String { name }
}
