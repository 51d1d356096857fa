import Logging
import OODABus
import OODACore
import OODATestSupport
import Testing
import ZeroMQ

@Suite(.serialized)
struct ZeroMQBusTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    private func publisher(_ configuration: ZeroMQPublisher.Configuration) async throws -> ZeroMQPublisher {
        try await ZeroMQPublisher(configuration: configuration, context: context, logger: BusFixtures.quietLogger)
    }

    private func subscriber(
        _ configuration: ZeroMQSubscriber.Configuration,
        logger: Logger = BusFixtures.quietLogger
    ) async throws -> ZeroMQSubscriber {
        try await ZeroMQSubscriber(configuration: configuration, context: context, logger: logger)
    }

    @Test(arguments: ["ipc", "tcp"])
    func everyKindRoundTrips(transport: String) async throws {
        let endpoint = transport == "ipc" ? try BusFixtures.ipcEndpoint() : "tcp://127.0.0.1:0"
        let publisher = try await publisher(.init(endpoint: endpoint))
        if transport == "tcp" { #expect(!publisher.endpoint.hasSuffix(":0")) }
        let subscriber = try await subscriber(.init(endpoints: [publisher.endpoint]))
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            for envelope in MessageSamples.all { try await publisher.publish(envelope) }
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .heartbeat }
        }
        let codec = WireCodec()
        // Compared as bytes: the samples hold NaN, which is not equal to itself.
        #expect(received.compactMap { $0.envelope.map(codec.encodeJSON) } == MessageSamples.all.map(codec.encodeJSON))
        #expect(received.count == MessageSamples.all.count)
        #expect(publisher.stats.published >= UInt64(MessageSamples.all.count))
        #expect(subscriber.stats.received >= UInt64(MessageSamples.all.count))
        await subscriber.close()
        await publisher.close()
    }

    @Test func anEnvelopeEncodedByItsCallerArrivesWithThoseVeryBytes() async throws {
        let publisher = try await publisher(.init(endpoint: try BusFixtures.ipcEndpoint()))
        let subscriber = try await subscriber(.init(endpoints: [publisher.endpoint]))
        let codec = WireCodec()
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            for envelope in MessageSamples.all {
                try await publisher.publish(envelope, encodedJSON: codec.encodeJSON(envelope))
            }
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .heartbeat }
        }
        #expect(received.compactMap { $0.envelope.map(codec.encodeJSON) } == MessageSamples.all.map(codec.encodeJSON))
        await subscriber.close()
        await publisher.close()
    }

    @Test func aSubscriberReceivesOnlyItsKinds() async throws {
        let publisher = try await publisher(.init(endpoint: "tcp://127.0.0.1:0"))
        let subscriber = try await subscriber(.init(endpoints: [publisher.endpoint], kinds: [.decision, .heartbeat]))
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            try await publisher.publish(MessageSamples.observation)
            try await publisher.publish(MessageSamples.orientation)
            try await publisher.publish(MessageSamples.decision)
            try await publisher.publish(MessageSamples.heartbeat)
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .heartbeat }
        }
        // One connection keeps the publisher's order, so the observation would have come first.
        #expect(received.compactMap(\.envelope?.kind) == [.decision, .heartbeat])
        await subscriber.close()
        await publisher.close()
    }

    @Test func aPublisherCanWaitForOneSubscriberInParticular() async throws {
        let publisher = try await publisher(.init(endpoint: "tcp://127.0.0.1:0"))
        #expect(!publisher.hasSubscriber())
        #expect(await !publisher.waitForSubscriber(named: .decide, limit: .milliseconds(50)))
        // Anyone else first, as a tap: subscribed to everything, and to decisions, yet not decide.
        let tap = try await subscriber(.init(endpoints: [publisher.endpoint]))
        #expect(await publisher.waitForSubscriber(for: .orientation, limit: .seconds(30)))
        #expect(!publisher.hasSubscriber(named: .decide))
        var named = ZeroMQSubscriber.Configuration(endpoints: [publisher.endpoint], kinds: [.orientation])
        named.name = .decide
        let decide = try await subscriber(named)
        #expect(await publisher.waitForSubscriber(named: .decide, limit: .seconds(30)))
        // The marker topic carries nothing: decide still gets orientations, and nothing else.
        // Its subscriptions are sent together, so with the marker seen, decide's subscription to orientations is live.
        let received = try await withDeadline {
            try await publisher.publish(MessageSamples.observation)
            try await publisher.publish(MessageSamples.orientation)
            return try await BusFixtures.collect(decide.events) { $0.envelope?.kind == .orientation }
        }
        #expect(received.compactMap(\.envelope?.kind) == [.orientation])
        // Gone again when decide leaves. The publisher's I/O thread records the unsubscription with no event to
        // await, so the test looks every 5 ms, bounded by the deadline.
        await decide.close()
        try await withDeadline {
            while publisher.hasSubscriber(named: .decide) { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(publisher.hasSubscriber(for: .orientation))
        await tap.close()
        await publisher.close()
    }

    @Test func aSubscriberFollowsSeveralPublishers() async throws {
        let first = try await publisher(.init(endpoint: try BusFixtures.ipcEndpoint()))
        let second = try await publisher(.init(endpoint: "tcp://127.0.0.1:0"))
        let subscriber = try await subscriber(.init(endpoints: [first.endpoint, second.endpoint]))
        let sources = try await withDeadline {
            try await BusFixtures.waitUntilLive(first, subscriber.events)
            try await BusFixtures.waitUntilLive(second, subscriber.events)
            try await first.publish(BusFixtures.observation(1, source: .observe))
            try await second.publish(BusFixtures.observation(1, source: .act))
            var sources: Set<StageName> = []
            for await event in subscriber.events {
                if let envelope = event.envelope, envelope.kind == .observation { sources.insert(envelope.source) }
                if sources.count == 2 { break }
            }
            return sources
        }
        #expect(sources == [.observe, .act])
        await subscriber.close()
        await first.close()
        await second.close()
    }

    @Test func aSlowSubscriberSeesDropsAsCountedGaps() async throws {
        let publisher = try await publisher(.init(endpoint: try BusFixtures.ipcEndpoint(), sendHighWaterMark: 1))
        let subscriber = try await subscriber(
            .init(endpoints: [publisher.endpoint], receiveHighWaterMark: 1, bufferCapacity: 1)
        )
        let total: UInt64 = 20_000
        let received = try await withDeadline(.seconds(60)) {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            // Nobody reads while the flood goes out: the buffers fill and the publisher drops.
            for sequence in 1...total { try await publisher.publish(BusFixtures.observation(sequence)) }
            await publisher.flush()
            // Marks the end: published after the flood on the same connection, so it arrives after what survived.
            let marker = Task {
                var sequence: UInt64 = 0
                while !Task.isCancelled {
                    sequence += 1
                    try await publisher.publish(
                        Envelope(
                            source: .observe,
                            epoch: 1,
                            sequence: sequence,
                            timeNanos: 0,
                            body: .heartbeat(.init())
                        )
                    )
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            defer { marker.cancel() }
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .heartbeat }
        }
        let observations = received.compactMap(\.envelope).filter { $0.kind == .observation }
        let gaps = received.compactMap { event -> UInt64? in
            if case .gap(_, .observation, _, _, let missed) = event { return missed }
            return nil
        }
        let first = try #require(observations.first?.sequence)
        let last = try #require(observations.last?.sequence)
        #expect(!gaps.isEmpty)
        // Every sequence number between the first and the last received is accounted for: received or missed.
        #expect(UInt64(observations.count) + gaps.reduce(0, +) == last - first + 1)
        let stats = subscriber.stats
        #expect(stats.gaps >= UInt64(gaps.count))
        #expect(stats.missed >= gaps.reduce(0, +))
        await subscriber.close()
        await publisher.close()
    }

    @Test func aNoDropPublisherHoldsBackInsteadOfDropping() async throws {
        let publisher = try await publisher(
            .init(endpoint: try BusFixtures.ipcEndpoint(), noDrop: true, sendHighWaterMark: 1, queueCapacity: 4)
        )
        let subscriber = try await subscriber(
            .init(endpoints: [publisher.endpoint], receiveHighWaterMark: 1, bufferCapacity: 1)
        )
        let total: UInt64 = 5_000
        let received = try await withDeadline(.seconds(60)) {
            try await BusFixtures.waitUntilLive(publisher, subscriber.events)
            let flood = Task {
                for sequence in 1...total { try await publisher.publish(BusFixtures.observation(sequence)) }
            }
            defer { flood.cancel() }
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.sequence == total }
        }
        #expect(received.compactMap(\.envelope?.sequence) == Array(1...total))
        #expect(subscriber.stats.gaps == 0)
        await subscriber.close()
        await publisher.close()
    }

    @Test func aRestartedPublisherShowsAsARestartNotAGap() async throws {
        let endpoint = try BusFixtures.ipcEndpoint()
        let subscriber = try await subscriber(
            .init(endpoints: [endpoint], reconnectInterval: .milliseconds(10), reconnectIntervalMax: .milliseconds(50))
        )
        var sequencer = EnvelopeSequencer(source: .orient, epoch: 100)
        let firstRun = try await publisher(.init(endpoint: endpoint))
        let beforeRestart = (1...3).map { _ in sequencer.stamp(.heartbeat(Heartbeat()), timeNanos: 0) }
        try await withDeadline {
            try await BusFixtures.waitUntilLive(firstRun, subscriber.events)
            for envelope in beforeRestart { try await firstRun.publish(envelope) }
            _ = try await BusFixtures.collect(subscriber.events) { $0.envelope?.sequence == 3 }
        }
        await firstRun.close()

        // The next run resumes its sequences from its log under a new epoch.
        var resumed = EnvelopeSequencer(source: .orient, epoch: 101, resuming: sequencer.lastSequence)
        let secondRun = try await publisher(.init(endpoint: endpoint))
        let afterRestart = resumed.stamp(.heartbeat(Heartbeat()), timeNanos: 0)
        let received = try await withDeadline {
            try await BusFixtures.waitUntilLive(secondRun, subscriber.events)
            try await secondRun.publish(afterRestart)
            return try await BusFixtures.collect(subscriber.events) { $0.envelope?.source == .orient }
        }
        guard case .restart(.orient, .heartbeat, 100, 101, 0) = received.first else {
            Issue.record("expected a restart notice first, got \(received)")
            return
        }
        #expect(received.count == 2)
        #expect(subscriber.stats.restarts == 1)
        #expect(subscriber.stats.gaps == 0)
        await subscriber.close()
        await secondRun.close()
    }
}
