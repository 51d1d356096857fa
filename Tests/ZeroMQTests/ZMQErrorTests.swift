import Testing
import ZeroMQ

@Suite(.serialized)
struct ZMQErrorTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    @Test(arguments: ["tcp://127.0.0.1", "nonsense", "udp:/x", "tcp://127.0.0.1:notaport"])
    func aBadEndpointIsNamedInTheError(endpoint: String) throws {
        let socket = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try socket.bind(endpoint) }
        #expect(error.code == .invalidEndpoint)
        #expect(error.function == "zmq_bind")
        #expect(error.endpoint == endpoint)
        #expect(error.description.contains(endpoint))
        #expect(!error.message.isEmpty)
    }

    @Test func connectingToAnUnknownTransportNamesTheEndpoint() throws {
        let socket = try ZMQSocket(context, type: .subscriber)
        let error = try #require(throws: ZMQError.self) { try socket.connect("carrier-pigeon://coop") }
        #expect(error.code == .invalidEndpoint)
        #expect(error.function == "zmq_connect")
        #expect(error.description.contains("carrier-pigeon://coop"))
    }

    @Test func bindingAnAddressInUseSaysSo() throws {
        let first = try ZMQSocket(context, type: .publisher)
        try first.bind(TestEndpoint.anyLoopbackPort)
        let endpoint = try first.lastEndpoint
        let second = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try second.bind(endpoint) }
        #expect(error.code == .addressInUse)
    }

    @Test func receivingOnAPublisherIsUnsupported() throws {
        let socket = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try socket.receive(blocking: false) }
        #expect(error.code == .unsupportedOperation)
        #expect(error.function == "zmq_msg_recv")
    }

    @Test func sendingOnASubscriberIsUnsupported() throws {
        let socket = try ZMQSocket(context, type: .subscriber)
        let error = try #require(throws: ZMQError.self) { try socket.send([1]) }
        #expect(error.code == .unsupportedOperation)
        #expect(error.function == "zmq_send")
    }

    @Test func unbindingWhatWasNeverBoundIsEndpointNotFound() throws {
        let socket = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try socket.unbind("tcp://127.0.0.1:1") }
        #expect(error.code == .endpointNotFound)
        #expect(error.endpoint == "tcp://127.0.0.1:1")
    }

    @Test func sendingNoFramesIsAnInvalidArgument() throws {
        let socket = try ZMQSocket(context, type: .publisher)
        let error = try #require(throws: ZMQError.self) { try socket.send(frames: []) }
        #expect(error.code == .invalidArgument)
    }

    @Test func wouldBlockIsAValueNotAnError() throws {
        let endpoint = try TestEndpoint.ipc()
        let pull = try ZMQSocket(context, type: .pull)
        #expect(try pull.receive(blocking: false) == nil)
        try pull.set(.receiveTimeout, .milliseconds(1))
        #expect(try pull.receive() == nil)

        // A PUSH with no peer has nowhere to queue: a non-blocking send reports it instead of failing.
        let push = try ZMQSocket(context, type: .push)
        try push.bind(endpoint)
        #expect(try push.send(frames: [[1], [2]], blocking: false) == .wouldBlock)
    }

    @Test func aFullNoDropPublisherReportsWouldBlock() throws {
        let endpoint = try TestEndpoint.ipc()
        let publisher = try ZMQSocket(context, type: .extendedPublisher)
        try publisher.set(.sendHighWaterMark, 1)
        try publisher.set(.xpubNoDrop, true)
        try publisher.bind(endpoint)
        let subscriber = try ZMQSocket(context, type: .subscriber)
        try subscriber.set(.receiveHighWaterMark, 1)
        try subscriber.set(.subscribe, [])
        try subscriber.connect(endpoint)
        try publisher.set(.receiveTimeout, .seconds(5))
        try #require(try publisher.receive() == [[1]])

        // Nobody reads: the pipes fill, and XPUB_NODROP refuses rather than drops.
        var refused = false
        let payload = [UInt8](repeating: 0, count: 1024)
        for _ in 0..<100_000 where !refused {
            refused = try publisher.send(frames: [payload], blocking: false) == .wouldBlock
        }
        #expect(refused)
    }
}
