import Testing
import ZeroMQ

@testable import OODABus

/// How a subscriber's repeated handshake failures are said once, from the subscriber's side.
@Suite struct HandshakeWatchTests {
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
