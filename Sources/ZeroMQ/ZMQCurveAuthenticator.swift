/// Answers libzmq's authentication requests (ZAP, RFC 27) for CURVE servers: a peer that completed the CURVE
/// handshake is admitted when its public key is one of the authorized keys, and refused with status 400
/// otherwise. Pure: the thread that owns a context's ZAP socket (a ``ZMQSocketType/reply`` bound to
/// ``endpoint``) reads each request, asks this, and sends the reply. One such socket per context.
public struct ZMQCurveAuthenticator: Sendable {
    /// The public keys (Z85) of the peers admitted.
    public let authorized: Set<String>

    public init(authorized: Set<String>) {
        self.authorized = authorized
    }

    /// What one request came to.
    public enum Verdict: Equatable, Sendable {
        case admitted(key: String)
        case refused(key: String, address: String)
        /// Not a ZAP 1.0 CURVE request; answered with status 500.
        case malformed(String)
    }

    /// The reply frames to send for `request`, and the verdict.
    public func answer(_ request: [[UInt8]]) -> (reply: [[UInt8]], verdict: Verdict) {
        // version, request id, domain, address, routing id, mechanism, credentials…
        guard request.count >= 6 else {
            return (
                Self.reply(to: request, "500", "a ZAP request has at least 6 frames"),
                .malformed("\(request.count) frames")
            )
        }
        guard request[0] == Array("1.0".utf8) else {
            let version = String(decoding: request[0], as: UTF8.self)
            return (Self.reply(to: request, "500", "ZAP version 1.0 expected"), .malformed("ZAP version '\(version)'"))
        }
        let mechanism = String(decoding: request[5], as: UTF8.self)
        guard mechanism == "CURVE", request.count == 7, let key = try? ZMQCurveKeyPair.z85(request[6]) else {
            // A plain (NULL) peer never gets here: a CURVE server refuses it before asking.
            return (Self.reply(to: request, "400", "only CURVE is accepted"), .malformed("mechanism \(mechanism)"))
        }
        guard authorized.contains(key) else {
            let address = String(decoding: request[3], as: UTF8.self)
            return (Self.reply(to: request, "400", "key not authorized"), .refused(key: key, address: address))
        }
        return (Self.reply(to: request, "200", "OK"), .admitted(key: key))
    }

    /// Answers every request waiting on `socket` (the context's ZAP socket) without blocking.
    ///
    /// - Returns: the verdicts, in order.
    /// - Throws: ``ZMQError`` when the socket fails.
    public func answerWaiting(on socket: borrowing ZMQSocket) throws(ZMQError) -> [Verdict] {
        var verdicts: [Verdict] = []
        while let request = try socket.receive(blocking: false) {
            let (reply, verdict) = answer(request)
            try socket.send(frames: reply)
            verdicts.append(verdict)
        }
        return verdicts
    }

    /// version, request id, status code, status text, user id, metadata.
    private static func reply(to request: [[UInt8]], _ status: String, _ text: String) -> [[UInt8]] {
        let requestID = request.count > 1 ? request[1] : []
        return [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), [], []]
    }

    /// The inproc endpoint libzmq sends a context's authentication requests to.
    public static let endpoint = "inproc://zeromq.zap.01"
}
