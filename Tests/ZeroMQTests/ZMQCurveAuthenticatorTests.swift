import Testing
import ZeroMQ

/// The answers to libzmq's authentication requests that a CURVE publisher (or push socket) gives.
@Suite struct ZMQCurveAuthenticatorTests {
    private let admitted = try! ZMQCurveKeyPair.generate()
    private let stranger = try! ZMQCurveKeyPair.generate()

    /// A ZAP request as libzmq sends it for a CURVE client with this public key.
    private func request(_ key: ZMQCurveKeyPair, id: String = "7", mechanism: String = "CURVE") throws -> [[UInt8]] {
        [
            Array("1.0".utf8), Array(id.utf8), [], Array("10.0.0.7".utf8), [], Array(mechanism.utf8),
            try binary(key.publicKey),
        ]
    }

    /// The 32 bytes of a Z85 key, found by encoding candidates (the wrapper only encodes; so does libzmq's ZAP).
    private func binary(_ z85: String) throws -> [UInt8] {
        var decoded = [UInt8](repeating: 0, count: 32)
        // Z85: 5 characters carry 4 bytes, big-endian base 85.
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")
        let characters = Array(z85)
        for block in 0..<8 {
            var value: UInt32 = 0
            for character in characters[(block * 5)..<(block * 5 + 5)] {
                value = value &* 85 &+ UInt32(alphabet.firstIndex(of: character)!)
            }
            for byte in 0..<4 { decoded[block * 4 + byte] = UInt8((value >> (24 - 8 * UInt32(byte))) & 0xFF) }
        }
        #expect(try ZMQCurveKeyPair.z85(decoded) == z85)
        return decoded
    }

    @Test func anAuthorizedKeyIsAdmittedWithStatus200AndItsRequestID() throws {
        let authenticator = ZMQCurveAuthenticator(authorized: [admitted.publicKey])
        let (reply, verdict) = authenticator.answer(try request(admitted, id: "42"))
        #expect(verdict == .admitted(key: admitted.publicKey))
        #expect(reply.count == 6)
        #expect(reply[0] == Array("1.0".utf8))
        #expect(reply[1] == Array("42".utf8))
        #expect(reply[2] == Array("200".utf8))
    }

    @Test func anyOtherKeyIsRefusedWith400NamingItsAddress() throws {
        let authenticator = ZMQCurveAuthenticator(authorized: [admitted.publicKey])
        let (reply, verdict) = authenticator.answer(try request(stranger))
        #expect(verdict == .refused(key: stranger.publicKey, address: "10.0.0.7"))
        #expect(reply[2] == Array("400".utf8))
    }

    @Test func aMalformedRequestIsAnsweredAndSaidWhy() throws {
        let authenticator = ZMQCurveAuthenticator(authorized: [admitted.publicKey])
        var wrongVersion = try request(admitted)
        wrongVersion[0] = Array("2.0".utf8)
        #expect(authenticator.answer(wrongVersion).verdict == .malformed("ZAP version '2.0'"))
        #expect(authenticator.answer(wrongVersion).reply[2] == Array("500".utf8))
        #expect(authenticator.answer([[1], [2]]).verdict == .malformed("2 frames"))
        let plain = Array(try request(admitted, mechanism: "NULL").prefix(6))
        #expect(authenticator.answer(plain).verdict == .malformed("mechanism NULL"))
        #expect(authenticator.answer(plain).reply[2] == Array("400".utf8))
    }
}
