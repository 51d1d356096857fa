import Logging
import OODABus
import OODACore
import OODATestSupport
import Testing

@Suite struct InMemoryBusTests {
    @Test func everyKindRoundTripsThroughTheWireForm() async throws {
        let bus = InMemoryBus()
        let subscriber = bus.subscriber(logger: BusFixtures.quietLogger)
        let publisher: any EnvelopePublishing = bus.publisher()
        for envelope in MessageSamples.all { try await publisher.publish(envelope) }
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .heartbeat }
        }
        let codec = WireCodec()
        #expect(received.compactMap { $0.envelope.map(codec.encodeJSON) } == MessageSamples.all.map(codec.encodeJSON))
        #expect(publisher.stats.published == UInt64(MessageSamples.all.count))
        #expect(subscriber.stats.received == UInt64(MessageSamples.all.count))
    }

    @Test func subscribersGetOnlyTheirKinds() async throws {
        let bus = InMemoryBus()
        let decisions = bus.subscriber(kinds: [.decision], logger: BusFixtures.quietLogger)
        let everything = bus.subscriber(logger: BusFixtures.quietLogger)
        let publisher = bus.publisher()
        try await publisher.publish(MessageSamples.observation)
        try await publisher.publish(MessageSamples.decision)
        let received = try await withDeadline {
            try await BusFixtures.collect(decisions.events) { $0.envelope != nil }
        }
        #expect(received.compactMap(\.envelope?.kind) == [.decision])
        let all = try await withDeadline {
            try await BusFixtures.collect(everything.events) { $0.envelope?.kind == .decision }
        }
        #expect(all.compactMap(\.envelope?.kind) == [.observation, .decision])
    }

    @Test func gapsRestartsAndDuplicatesAreReportedAsOverZeroMQ() async throws {
        let bus = InMemoryBus()
        let subscriber = bus.subscriber(logger: BusFixtures.quietLogger)
        let publisher = bus.publisher()
        for envelope in [
            BusFixtures.observation(1), BusFixtures.observation(4), BusFixtures.observation(4),
            BusFixtures.observation(5, epoch: 2),
        ] {
            try await publisher.publish(envelope)
        }
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope?.epoch == 2 }
        }
        #expect(received.count == 5)
        guard case .gap(.observe, .observation, 1, 4, 2) = received[1] else {
            Issue.record("expected a gap of 2 before sequence 4, got \(received[1])")
            return
        }
        guard case .restart(.observe, .observation, 1, 2, 0) = received[3] else {
            Issue.record("expected a restart before epoch 2, got \(received[3])")
            return
        }
        let stats = subscriber.stats
        #expect(stats.received == 3)
        #expect(stats.gaps == 1)
        #expect(stats.missed == 2)
        #expect(stats.restarts == 1)
        #expect(stats.duplicates == 1)
    }

    @Test func malformedFramesAreRejectedAndTheSubscriberGoesOn() async throws {
        let bus = InMemoryBus()
        let log = RecordingLogHandler()
        let subscriber = bus.subscriber(logger: log.logger)
        let publisher = bus.publisher()
        for message in BusRejectionTests.garbage { await publisher.send(frames: message.frames) }
        try await publisher.publish(MessageSamples.decision)
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope != nil }
        }
        #expect(received.count == BusRejectionTests.garbage.count + 1)
        #expect(subscriber.stats.rejected == UInt64(BusRejectionTests.garbage.count))
        #expect(log.messages.contains { $0.0 == .warning && $0.1 == "rejected a message" })
    }

    @Test func noticesCanBeLeftOut() async throws {
        let bus = InMemoryBus()
        let subscriber = bus.subscriber(notices: false, logger: BusFixtures.quietLogger)
        let publisher = bus.publisher()
        await publisher.send(frames: [Array("garbage".utf8)])
        try await publisher.publish(BusFixtures.observation(1))
        try await publisher.publish(BusFixtures.observation(3))
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope?.sequence == 3 }
        }
        #expect(received.compactMap(\.envelope?.sequence) == [1, 3])
        #expect(received.count == 2)
        #expect(subscriber.stats.gaps == 1)
        #expect(subscriber.stats.rejected == 1)
    }

    @Test func aFullSubscriberHoldsThePublisherBackUntilRead() async throws {
        let bus = InMemoryBus()
        let subscriber = bus.subscriber(bufferCapacity: 2, logger: BusFixtures.quietLogger)
        let publisher = bus.publisher()
        let flood = Task {
            for sequence in UInt64(1)...100 { try await publisher.publish(BusFixtures.observation(sequence)) }
        }
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope?.sequence == 100 }
        }
        try await flood.value
        #expect(received.compactMap(\.envelope?.sequence) == Array(1...100))
        #expect(subscriber.stats.gaps == 0)
    }

    @Test func closedEndsEventsAndRefusesPublishing() async throws {
        let bus = InMemoryBus()
        let subscriber = bus.subscriber(logger: BusFixtures.quietLogger)
        let publisher = bus.publisher()
        try await publisher.publish(BusFixtures.observation(1))
        await subscriber.close()
        // What was buffered is still delivered, then the sequence ends.
        var iterator = subscriber.events.makeAsyncIterator()
        #expect(await iterator.next()?.envelope?.sequence == 1)
        #expect(await iterator.next() == nil)
        await publisher.close()
        let error = try await #require(throws: BusError.self) {
            try await publisher.publish(BusFixtures.observation(2))
        }
        #expect(error.code == .closed)
    }
}
