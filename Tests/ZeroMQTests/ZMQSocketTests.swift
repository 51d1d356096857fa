import Testing
import ZeroMQ

@Suite(.serialized)
struct ZMQSocketTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    @Test func pairRoundTripsMultipartMessagesOverIPC() throws {
        let endpoint = try TestEndpoint.ipc()
        let server = try ZMQSocket(context, type: .pair)
        try server.bind(endpoint)
        let client = try ZMQSocket(context, type: .pair)
        try client.connect(endpoint)

        let message: [[UInt8]] = [Array("topic".utf8), [], [0, 1, 2, 255]]
        #expect(try client.send(frames: message) == .sent)
        #expect(try server.receive() == message)
        #expect(try server.send(frames: [[42]]) == .sent)
        #expect(try client.receive() == [[42]])
    }

    @Test func pushPullDeliversInOrderOverTCPWithTheChosenPort() throws {
        let pull = try ZMQSocket(context, type: .pull)
        try pull.bind(TestEndpoint.anyLoopbackPort)
        let endpoint = try pull.lastEndpoint
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(!endpoint.hasSuffix(":0"))

        let push = try ZMQSocket(context, type: .push)
        try push.connect(endpoint)
        for value in UInt8(0)..<100 { try push.send([value]) }
        for value in UInt8(0)..<100 { #expect(try pull.receive() == [[value]]) }
    }

    @Test func singleFramesWithMoreFormOneMessage() throws {
        let endpoint = "inproc://single-frames"
        let receiver = try ZMQSocket(context, type: .pair)
        try receiver.bind(endpoint)
        let sender = try ZMQSocket(context, type: .pair)
        try sender.connect(endpoint)

        try sender.send([1], more: true)
        try sender.send([2], more: true)
        try sender.send([3])
        #expect(try receiver.receive() == [[1], [2], [3]])
    }

    @Test func subscriberReceivesOnlyItsPrefixesOnceTheSubscriptionIsLive() throws {
        let publisher = try ZMQSocket(context, type: .publisher)
        try publisher.bind(TestEndpoint.anyLoopbackPort)
        let subscriber = try ZMQSocket(context, type: .subscriber)
        try subscriber.set(.subscribe, Array("probe".utf8))
        try subscriber.set(.subscribe, Array("wanted".utf8))
        try subscriber.connect(try publisher.lastEndpoint)

        // Slow joiner: publish probes until one arrives, which proves the subscription reached the publisher.
        try subscriber.set(.receiveTimeout, .milliseconds(10))
        var live = false
        for _ in 0..<500 where !live {
            try publisher.send(frames: [Array("probe".utf8)])
            live = try subscriber.receive() != nil
        }
        try #require(live)
        while try subscriber.receive(blocking: false) != nil {}

        try publisher.send(frames: [Array("other".utf8), [1]])
        try publisher.send(frames: [Array("wanted-too".utf8), [2]])
        try subscriber.set(.receiveTimeout, .seconds(5))
        #expect(try subscriber.receive() == [Array("wanted-too".utf8), [2]])
    }

    @Test func extendedPublisherSeesSubscriptions() throws {
        let publisher = try ZMQSocket(context, type: .extendedPublisher)
        try publisher.bind(TestEndpoint.anyLoopbackPort)
        let subscriber = try ZMQSocket(context, type: .subscriber)
        try subscriber.connect(try publisher.lastEndpoint)
        try subscriber.set(.subscribe, Array("kind".utf8))

        try publisher.set(.receiveTimeout, .seconds(5))
        #expect(try publisher.receive() == [[1] + Array("kind".utf8)])
    }

    @Test func aSocketKeepsItsContextAlive() throws {
        func socketInAContextNobodyElseHolds() throws -> ZMQSocket {
            try ZMQSocket(ZMQContext(), type: .pair)
        }
        let receiver = try socketInAContextNobodyElseHolds()
        try receiver.bind("inproc://kept-alive")
        let sender = try ZMQSocket(receiver.context, type: .pair)
        try sender.connect("inproc://kept-alive")
        try sender.send([7])
        #expect(try receiver.receive() == [[7]])
    }
}
