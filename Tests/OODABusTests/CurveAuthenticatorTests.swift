import Testing
import ZeroMQ

@testable import OODABus

/// The publisher's answers to libzmq's authentication requests, and how a subscriber's repeated handshake
/// failures are said once.
@Suite struct CurveAuthenticatorTests {
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
        let authenticator = CurveAuthenticator(authorized: [admitted.publicKey])
        let (reply, verdict) = authenticator.answer(try request(admitted, id: "42"))
        #expect(verdict == .admitted(key: admitted.publicKey))
        #expect(reply.count == 6)
        #expect(reply[0] == Array("1.0".utf8))
        #expect(reply[1] == Array("42".utf8))
        #expect(reply[2] == Array("200".utf8))
    }

    @Test func anyOtherKeyIsRefusedWith400NamingItsAddress() throws {
        let authenticator = CurveAuthenticator(authorized: [admitted.publicKey])
        let (reply, verdict) = authenticator.answer(try request(stranger))
        #expect(verdict == .refused(key: stranger.publicKey, address: "10.0.0.7"))
        #expect(reply[2] == Array("400".utf8))
    }

    @Test func aMalformedRequestIsAnsweredAndSaidWhy() throws {
        let authenticator = CurveAuthenticator(authorized: [admitted.publicKey])
        var wrongVersion = try request(admitted)
        wrongVersion[0] = Array("2.0".utf8)
        #expect(authenticator.answer(wrongVersion).verdict == .malformed("ZAP version '2.0'"))
        #expect(authenticator.answer(wrongVersion).reply[2] == Array("500".utf8))
        #expect(authenticator.answer([[1], [2]]).verdict == .malformed("2 frames"))
        let plain = Array(try request(admitted, mechanism: "NULL").prefix(6))
        #expect(authenticator.answer(plain).verdict == .malformed("mechanism NULL"))
        #expect(authenticator.answer(plain).reply[2] == Array("400".utf8))
    }

    @Test func theHandshakeWatchSaysEachReasonOnceUntilTheEndpointSucceeds() {
        var watch = HandshakeWatch()
        let endpoint = "tcp://10.0.0.7:5552"
        func note(_ kind: ZMQMonitorEvent.Kinds, _ value: UInt32, _ at: String = endpoint) -> HandshakeWatch.Change {
            watch.note(ZMQMonitorEvent(kind: kind, value: value, endpoint: at), subscriberUsesCurve: true)
        }
        #expect(note(.handshakeFailedAuthentication, 400) == .failing(.refused(status: 400)))
        #expect(note(.handshakeFailedAuthentication, 400) == .none)
        #expect(note(.handshakeFailedNoDetail, 32) == .failing(.hungUp))
        // Alternating reasons are each said once, not at every reconnection.
        #expect(note(.handshakeFailedAuthentication, 400) == .none)
        #expect(note(.handshakeFailedNoDetail, 32) == .none)
        #expect(note(.handshakeFailedNoDetail, 32, "tcp://10.0.0.8:5552") == .failing(.hungUp))
        #expect(note(.connected, 9) == .none)
        #expect(note(.handshakeSucceeded, 0) == .mended(failures: 5))
        #expect(note(.handshakeSucceeded, 0) == .none)
        #expect(note(.handshakeFailedNoDetail, 32) == .failing(.hungUp))
    }

    @Test func aFailureIsReadFromTheSubscribersSide() {
        func failure(_ kind: ZMQMonitorEvent.Kinds, _ value: UInt32, curve: Bool) -> HandshakeFailure? {
            HandshakeFailure(
                ZMQMonitorEvent(kind: kind, value: value, endpoint: "tcp://x:1"),
                subscriberUsesCurve: curve
            )
        }
        #expect(failure(.handshakeFailedAuthentication, 400, curve: true) == .refused(status: 400))
        #expect(failure(.handshakeFailedNoDetail, 32, curve: true) == .hungUp)
        #expect(
            failure(.handshakeFailedProtocol, 0x1100_0002, curve: true) == .publisherWithoutCurve(code: 0x1100_0002)
        )
        // A subscriber without keys: whichever way libzmq reports it, the publisher wants CURVE.
        #expect(failure(.handshakeFailedProtocol, 0x1100_0002, curve: false) == .curveRequired)
        #expect(failure(.handshakeFailedNoDetail, 32, curve: false) == .curveRequired)
        #expect(failure(.handshakeSucceeded, 0, curve: true) == nil)
    }
}
