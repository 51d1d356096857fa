internal import CZeroMQ

/// A CURVE key pair in Z85 text (40 characters each), for encrypted and authenticated connections.
///
/// The server sets ``ZMQSocketOption/curveServer`` and its secret key; each client sets its own pair and the
/// server's public key as ``ZMQSocketOption/curveServerKey``.
public struct ZMQCurveKeyPair: Sendable, Hashable {
    /// The public key, safe to share.
    public var publicKey: String
    /// The secret key; keep it out of logs and version control.
    public var secretKey: String

    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A fresh random key pair (`zmq_curve_keypair`).
    ///
    /// - Throws: ``ZMQError`` with ``ZMQError/Code/unsupportedOperation`` if libzmq was built without CURVE.
    public static func generate() throws(ZMQError) -> ZMQCurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try ZMQCall.run("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return ZMQCurveKeyPair(
            publicKey: String(decoding: publicKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self),
            secretKey: String(decoding: secretKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        )
    }
}

extension ZMQCurveKeyPair {
    /// The public key that belongs with a secret key (`zmq_curve_public`), to check that a stored pair is one.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_curve_public` when the secret key is not 40 Z85 characters.
    public static func publicKey(forSecret secretKey: String) throws(ZMQError) -> String {
        var publicKey = [CChar](repeating: 0, count: 41)
        try ZMQCall.run("zmq_curve_public") { zmq_curve_public(&publicKey, secretKey) }
        return String(decoding: publicKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The Z85 text (40 characters) of a 32-byte binary key, as a ZAP request carries a client's key.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_z85_encode` when the key is not 32 bytes.
    public static func z85(_ key: [UInt8]) throws(ZMQError) -> String {
        guard key.count == 32 else { throw ZMQError(errno: EINVAL, function: "zmq_z85_encode") }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, key, 32) != nil else { throw ZMQError.last("zmq_z85_encode") }
        return String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension ZMQCurveKeyPair: CustomStringConvertible {
    /// Shows the public key only, so that printing a key pair never leaks its secret.
    public var description: String { "ZMQCurveKeyPair(public: \(publicKey), secret: <redacted>)" }
}
