import ZeroMQ

/// Why a subscriber's security handshake with a publisher failed, from its socket monitor, in words that say
/// what to mend.
public enum HandshakeFailure: Sendable, Hashable, CustomStringConvertible {
    /// The publisher refused this subscriber's public key (the status code its authentication answered).
    case refused(status: UInt32)
    /// The publisher hung up during the CURVE handshake: it could not read what this subscriber sent, which is
    /// what a wrong publisher public key looks like.
    case hungUp
    /// This subscriber uses CURVE and the publisher does not (libzmq's protocol error code).
    case publisherWithoutCurve(code: UInt32)
    /// The publisher uses CURVE and this subscriber has no keys for it.
    case curveRequired

    /// The failure a monitor event reports; `nil` for an event that is not a failed handshake.
    ///
    /// - Parameter subscriberUsesCurve: whether this subscriber connected to the event's endpoint with CURVE.
    ///   Without it, any failure means the publisher wants CURVE (libzmq reports either a protocol failure or a
    ///   hang-up, whichever side notices first).
    public init?(_ event: ZMQMonitorEvent, subscriberUsesCurve: Bool) {
        guard ZMQMonitorEvent.Kinds.handshakeFailed.contains(event.kind) else { return nil }
        guard subscriberUsesCurve else {
            self = .curveRequired
            return
        }
        switch event.kind {
        case .handshakeFailedAuthentication: self = .refused(status: event.value)
        case .handshakeFailedProtocol: self = .publisherWithoutCurve(code: event.value)
        default: self = .hungUp
        }
    }

    /// A short name for metrics labels: `refused`, `hung_up`, `publisher_without_curve`, `curve_required`.
    public var reason: String {
        switch self {
        case .refused: "refused"
        case .hungUp: "hung_up"
        case .publisherWithoutCurve: "publisher_without_curve"
        case .curveRequired: "curve_required"
        }
    }

    public var description: String {
        switch self {
        case .refused(let status):
            "the publisher refused this subscriber's key (status \(status)): its public key is not among those "
                + "the publisher authorizes"
        case .hungUp:
            "the publisher hung up during the CURVE handshake: the publisher's public key given here is probably "
                + "not its key"
        case .publisherWithoutCurve(let code):
            "the publisher does not use CURVE but this subscriber does (libzmq protocol error 0x\(String(code, radix: 16)))"
        case .curveRequired:
            "the publisher uses CURVE and this subscriber has no keys for it"
        }
    }
}
