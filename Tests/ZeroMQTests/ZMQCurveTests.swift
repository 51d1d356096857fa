import Testing
import ZeroMQ

@Suite(.serialized)
struct ZMQCurveTests {
    @Test func anEncryptedConnectionDeliversWithTheServersPublicKey() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurveKeyPair.generate()
        let clientKeys = try ZMQCurveKeyPair.generate()

        let server = try ZMQSocket(context, type: .pull)
        try server.set(.curveServer, true)
        try server.set(.curveSecretKey, serverKeys.secretKey)
        try server.bind(TestEndpoint.anyLoopbackPort)
        let endpoint = try server.lastEndpoint

        let client = try ZMQSocket(context, type: .push)
        try client.set(.curvePublicKey, clientKeys.publicKey)
        try client.set(.curveSecretKey, clientKeys.secretKey)
        try client.set(.curveServerKey, serverKeys.publicKey)
        try client.connect(endpoint)
        try client.send([1, 2, 3])

        try server.set(.receiveTimeout, .seconds(5))
        #expect(try server.receive() == [[1, 2, 3]])
    }
}

/// A CURVE publisher whose ZAP handler (a REP socket on `inproc://zeromq.zap.01`) admits one client key, and
/// subscribers whose monitors say how their handshakes went: what the bus builds its authentication on.
@Suite(.serialized)
struct ZMQAuthenticationTests {
    /// Answers ZAP requests and reads the subscriber's monitor on this thread until the monitor reports a
    /// handshake outcome (or 5 s pass); returns that event and the client keys the handler was asked about.
    private func handshake(
        clientKeys: ZMQCurveKeyPair?,
        serverKeyGiven: String?,
        admitted: String
    ) throws -> (event: ZMQMonitorEvent?, asked: [String]) {
        let context = try ZMQContext()
        let server = try ZMQCurveKeyPair.generate()
        let handler = try ZMQSocket(context, type: .reply)
        try handler.bind("inproc://zeromq.zap.01")
        let publisher = try ZMQSocket(context, type: .publisher)
        try publisher.set(.curveServer, true)
        try publisher.set(.curveSecretKey, server.secretKey)
        try publisher.bind(TestEndpoint.anyLoopbackPort)
        let endpoint = try publisher.lastEndpoint

        let subscriber = try ZMQSocket(context, type: .subscriber)
        try subscriber.monitor(on: "inproc://monitor", events: [.handshakeSucceeded, .handshakeFailed])
        let monitor = try ZMQSocket(context, type: .pair)
        try monitor.connect("inproc://monitor")
        if let clientKeys {
            try subscriber.set(.curveServerKey, serverKeyGiven ?? server.publicKey)
            try subscriber.set(.curvePublicKey, clientKeys.publicKey)
            try subscriber.set(.curveSecretKey, clientKeys.secretKey)
        }
        try subscriber.connect(endpoint)

        var poller = ZMQPoller()
        let handlerItem = poller.add(handler, events: .readable)
        let monitorItem = poller.add(monitor, events: .readable)
        var asked: [String] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            _ = try poller.poll(timeout: .milliseconds(100))
            if poller.readyEvents(at: handlerItem).contains(.readable), let request = try handler.receive() {
                // version, request id, domain, address, routing id, mechanism, then the client's 32-byte key.
                #expect(request.count == 7)
                #expect(String(decoding: request[5], as: UTF8.self) == "CURVE")
                let key = try ZMQCurveKeyPair.z85(request[6])
                asked.append(key)
                let status = key == admitted ? "200" : "400"
                try handler.send(frames: [Array("1.0".utf8), request[1], Array(status.utf8), [], [], []])
            }
            if poller.readyEvents(at: monitorItem).contains(.readable), let frames = try monitor.receive() {
                return (ZMQMonitorEvent(frames: frames), asked)
            }
        }
        return (nil, asked)
    }

    @Test func anAdmittedClientCompletesItsHandshake() throws {
        let client = try ZMQCurveKeyPair.generate()
        let (event, asked) = try handshake(clientKeys: client, serverKeyGiven: nil, admitted: client.publicKey)
        #expect(event?.kind == .handshakeSucceeded)
        #expect(asked == [client.publicKey])
    }

    @Test func aClientTheHandlerRefusesIsToldWithTheStatusCode() throws {
        let client = try ZMQCurveKeyPair.generate()
        let other = try ZMQCurveKeyPair.generate()
        let (event, asked) = try handshake(clientKeys: client, serverKeyGiven: nil, admitted: other.publicKey)
        #expect(event?.kind == .handshakeFailedAuthentication)
        #expect(event?.value == 400)
        #expect(asked == [client.publicKey])
    }

    @Test func aClientWithTheWrongServerKeyFailsBeforeTheHandlerIsAsked() throws {
        let client = try ZMQCurveKeyPair.generate()
        let impostor = try ZMQCurveKeyPair.generate()
        let (event, asked) = try handshake(
            clientKeys: client,
            serverKeyGiven: impostor.publicKey,
            admitted: client.publicKey
        )
        // The publisher cannot read the client's greeting and hangs up: the client learns no more than that.
        #expect(event?.kind == .handshakeFailedNoDetail)
        #expect(asked.isEmpty)
    }

    @Test func aPlainClientFailsThePublishersProtocol() throws {
        let (event, asked) = try handshake(clientKeys: nil, serverKeyGiven: nil, admitted: "")
        #expect(event?.kind == .handshakeFailedProtocol)
        #expect(asked.isEmpty)
    }

    @Test func aMonitorMessageIsReadBack() {
        var header: [UInt8] = []
        withUnsafeBytes(of: UInt16(0x4000)) { header += $0 }
        withUnsafeBytes(of: UInt32(400)) { header += $0 }
        let event = ZMQMonitorEvent(frames: [header, Array("tcp://127.0.0.1:5551".utf8)])
        #expect(
            event == ZMQMonitorEvent(kind: .handshakeFailedAuthentication, value: 400, endpoint: "tcp://127.0.0.1:5551")
        )
        #expect(ZMQMonitorEvent(frames: [[1, 2, 3]]) == nil)
    }
}
