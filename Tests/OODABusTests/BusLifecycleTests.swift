import OODABus
import OODACore
import OODATestSupport
import Testing
import ZeroMQ

@Suite(.serialized)
struct BusLifecycleTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    @Test func closingAPublisherSendsWhatIsQueued() async throws {
        let publisher = try await ZeroMQPublisher(
            configuration: .init(endpoint: try BusFixtures.ipcEndpoint(), noDrop: true, linger: .seconds(10)),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [publisher.endpoint]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let total: UInt64 = 500
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            for sequence in 1...total { try await publisher.publish(BusFixtures.observation(sequence)) }
            // Close at once: most of the 500 are still in the publisher's queue.
            await publisher.close()
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.sequence == total }
        }
        #expect(received.compactMap(\.envelope?.sequence) == Array(1...total))
        #expect(publisher.stats.published >= total)
        #expect(publisher.stats.abandoned == 0)
        await subscriber.close()
    }

    @Test func publishingAfterCloseIsAClosedError() async throws {
        let publisher = try await ZeroMQPublisher(
            configuration: .init(endpoint: "tcp://127.0.0.1:0"),
            context: context,
            logger: BusFixtures.quietLogger
        )
        await publisher.close()
        await publisher.close()
        let error = try await #require(throws: BusError.self) {
            try await publisher.publish(BusFixtures.observation(1))
        }
        #expect(error.code == .closed)
    }

    @Test func closingASubscriberEndsItsEvents() async throws {
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: ["tcp://127.0.0.1:1"]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let waiting = Task { await subscriber.events.first { _ in true } }
        await subscriber.close()
        let ended = try await withDeadline { await waiting.value == nil }
        #expect(ended)
    }

    @Test func aTaskWaitingForEventsCanBeCancelled() async throws {
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: ["tcp://127.0.0.1:1"]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let waiting = Task { await subscriber.events.first { _ in true } }
        waiting.cancel()
        let ended = try await withDeadline { await waiting.value == nil }
        #expect(ended)
        await subscriber.close()
    }

    @Test(arguments: ["tcp://127.0.0.1", "nonsense", "ipc://"])
    func aBadPublisherEndpointIsNamed(endpoint: String) async throws {
        let error = try await #require(throws: BusError.self) {
            _ = try await ZeroMQPublisher(
                configuration: .init(endpoint: endpoint),
                context: context,
                logger: BusFixtures.quietLogger
            )
        }
        #expect(error.code == .endpoint)
        #expect(error.endpoint == endpoint)
        #expect(error.description.contains(endpoint))
        #expect(error.underlying?.function == "zmq_bind")
    }

    @Test func aBadSubscriberEndpointIsNamed() async throws {
        let error = try await #require(throws: BusError.self) {
            _ = try await ZeroMQSubscriber(
                configuration: .init(endpoints: ["tcp://127.0.0.1:1", "carrier-pigeon://coop"]),
                context: context,
                logger: BusFixtures.quietLogger
            )
        }
        #expect(error.code == .endpoint)
        #expect(error.endpoint == "carrier-pigeon://coop")
    }

    @Test func anEncryptedBusDeliversWithTheServersKey() async throws {
        let keys = try ZMQCurveKeyPair.generate()
        let publisher = try await ZeroMQPublisher(
            configuration: .init(endpoint: "tcp://127.0.0.1:0", curveServerKeys: keys),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [publisher.endpoint], curveServerPublicKey: keys.publicKey),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            try await publisher.publish(MessageSamples.decision)
            return try await BusFixtures.collect(subscriber.events) { $0.envelope != nil }
        }
        #expect(received.compactMap(\.envelope?.id) == [MessageSamples.decision.id])
        await subscriber.close()
        await publisher.close()
    }
}
