import Testing
import ZeroMQ

@Suite struct ZMQSocketOptionTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    @Test func lingerIsFiniteFromCreation() throws {
        let byDefault = try ZMQSocket(context, type: .publisher)
        #expect(try byDefault.get(.linger) == .zero)
        let chosen = try ZMQSocket(context, type: .publisher, linger: .milliseconds(250))
        #expect(try chosen.get(.linger) == .milliseconds(250))
    }

    @Test(arguments: [
        ZMQSocketOption<Duration?>.linger, .reconnectInterval, .reconnectIntervalMax, .heartbeatInterval,
        .heartbeatTimeToLive, .heartbeatTimeout, .sendTimeout, .receiveTimeout,
    ])
    func durationOptionsReadBackWhatWasSet(option: ZMQSocketOption<Duration?>) throws {
        let socket = try ZMQSocket(context, type: .subscriber)
        try socket.set(option, .milliseconds(1500))
        #expect(try socket.get(option) == .milliseconds(1500))
    }

    @Test func foreverIsNil() throws {
        let socket = try ZMQSocket(context, type: .pull)
        try socket.set(.receiveTimeout, nil)
        #expect(try socket.get(.receiveTimeout) == nil)
        try socket.set(.receiveTimeout, .milliseconds(20))
        #expect(try socket.get(.receiveTimeout) == .milliseconds(20))
    }

    @Test func highWaterMarksAndMessageSizeReadBack() throws {
        let socket = try ZMQSocket(context, type: .publisher)
        try socket.set(.sendHighWaterMark, 7)
        try socket.set(.receiveHighWaterMark, 9)
        try socket.set(.maximumMessageSize, 1 << 20)
        #expect(try socket.get(.sendHighWaterMark) == 7)
        #expect(try socket.get(.receiveHighWaterMark) == 9)
        #expect(try socket.get(.maximumMessageSize) == 1 << 20)
    }

    @Test func writeOnlyOptionsAcceptValues() throws {
        let publisher = try ZMQSocket(context, type: .extendedPublisher)
        try publisher.set(.xpubNoDrop, true)
        let subscriber = try ZMQSocket(context, type: .subscriber)
        try subscriber.set(.subscribe, [])
        try subscriber.set(.subscribe, Array("observation".utf8))
        try subscriber.set(.unsubscribe, Array("observation".utf8))
        #expect(throws: ZMQError.self) { try publisher.get(.xpubNoDrop) }
    }

    @Test func curveKeysReadBackAsZ85() throws {
        let server = try ZMQCurveKeyPair.generate()
        let client = try ZMQCurveKeyPair.generate()
        #expect(server.publicKey.utf8.count == 40)
        #expect(server.secretKey.utf8.count == 40)
        #expect(server != client)
        #expect(!"\(server)".contains(server.secretKey))

        let socket = try ZMQSocket(context, type: .subscriber)
        try socket.set(.curveServer, false)
        try socket.set(.curvePublicKey, client.publicKey)
        try socket.set(.curveSecretKey, client.secretKey)
        try socket.set(.curveServerKey, server.publicKey)
        #expect(try socket.get(.curvePublicKey) == client.publicKey)
        #expect(try socket.get(.curveSecretKey) == client.secretKey)
        #expect(try socket.get(.curveServerKey) == server.publicKey)
        #expect(try socket.get(.curveServer) == false)
    }

    @Test func aMalformedCurveKeyIsRefused() throws {
        let socket = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try socket.set(.curveSecretKey, "too short") }
        #expect(error.code == .invalidArgument)
        #expect(error.function == "zmq_setsockopt")
    }
}
