import Foundation
import ZeroMQ

/// A CURVE key pair, or a public key alone, in ZeroMQ's certificate files as czmq's `zcert` and pyzmq's
/// `zmq.auth.create_certificates` write them: `NAME.key` holds the public key, `NAME.key_secret` both.
///
///     #   ZeroMQ CURVE **Secret** Certificate
///     metadata
///     curve
///         public-key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
///         secret-key = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
///
/// So keys made with those tools work here, and the other way round.
public struct CurveCertificate: Sendable, Equatable {
    public var publicKey: String
    /// Only in a secret certificate.
    public var secretKey: String?

    public init(publicKey: String, secretKey: String? = nil) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The pair, when this is a secret certificate.
    public var keyPair: ZMQCurveKeyPair? {
        secretKey.map { ZMQCurveKeyPair(publicKey: publicKey, secretKey: $0) }
    }

    /// Reads a certificate's text as pyzmq's `load_certificate` does: the `public-key` and `secret-key` lines,
    /// comments skipped; then checks each key is 40 Z85 characters and that the public key is the secret key's.
    ///
    /// - Parameter file: the file's path, for errors.
    /// - Throws: ``CurveKeyError`` naming the file and line.
    public init(text: String, file: String) throws(CurveKeyError) {
        var publicKey: (String, Int)?
        var secretKey: (String, Int)?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t'\""))
            if name == "public-key", publicKey == nil { publicKey = (value, index + 1) }
            if name == "secret-key", secretKey == nil { secretKey = (value, index + 1) }
        }
        guard let publicKey else {
            throw CurveKeyError(file: file, line: nil, "no public-key line; is this a ZeroMQ CURVE certificate?")
        }
        try Self.check(publicKey.0, "public-key", file: file, line: publicKey.1)
        if let secretKey {
            try Self.check(secretKey.0, "secret-key", file: file, line: secretKey.1)
            guard (try? ZMQCurveKeyPair.publicKey(forSecret: secretKey.0)) == publicKey.0 else {
                throw CurveKeyError(
                    file: file,
                    line: publicKey.1,
                    "the public-key is not the public half of the secret-key; make the pair again"
                )
            }
        }
        self.init(publicKey: publicKey.0, secretKey: secretKey?.0)
    }

    /// The Z85 alphabet: a key is 40 of these.
    private static let z85 = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
    )

    private static func check(_ key: String, _ name: String, file: String, line: Int) throws(CurveKeyError) {
        guard key.count == 40, key.allSatisfy(z85.contains) else {
            throw CurveKeyError(file: file, line: line, "the \(name) is not 40 Z85 characters")
        }
    }

    /// The text of the certificate file, public or secret, with pyzmq's banner.
    public func text(generatedAt date: Date) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        let banner =
            secretKey == nil
            ? """
            #   ****  Generated on \(stamp) by ooda  ****
            #   ZeroMQ CURVE Public Certificate
            #   Exchange securely, or use a secure mechanism to verify the contents
            #   of this file after exchange.
            """
            : """
            #   ****  Generated on \(stamp) by ooda  ****
            #   ZeroMQ CURVE **Secret** Certificate
            #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.
            """
        var text = banner + "\n\nmetadata\ncurve\n    public-key = \"\(publicKey)\"\n"
        if let secretKey { text += "    secret-key = \"\(secretKey)\"\n" }
        return text
    }
}

/// A key file that cannot be used: which file, which line, what is wrong.
public struct CurveKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(line.map { "\(file):\($0)" } ?? file): \(message)"
    }
}
