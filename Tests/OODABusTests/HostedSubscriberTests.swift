import Foundation
import OODABus
import OODACore
import Testing
import ZeroMQ

/// A subscriber hosted by a publisher (`publisher.subscribe(_:logger:)`), as every stage makes its own: it reads on
/// the publisher's thread, so a stage receives, handles and publishes on one thread; it closes on its own, and the
/// publisher's close ends it.
@Suite(.serialized)
struct HostedSubscriberTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    /// Closes `subscriber`, throwing ``TimedOut`` (never hanging) if its close does not return within the deadline.
    private static func close(_ subscriber: ZeroMQSubscriber) async throws {
        let (closed, signal) = AsyncStream<Void>.makeStream()
        Task {
            await subscriber.close()
            signal.finish()
        }
        try await withDeadline {
            for await _ in closed {}
        }
    }

    private func publisher(_ name: String = #function) async throws -> ZeroMQPublisher {
        try await ZeroMQPublisher(
            configuration: .init(endpoint: try BusFixtures.ipcEndpoint(name)),
            context: context,
            logger: BusFixtures.quietLogger
        )
    }

    /// An upstream publisher, and a stage's publisher hosting a subscriber to it.
    private func stageWithInput() async throws -> (ZeroMQPublisher, ZeroMQPublisher, ZeroMQSubscriber) {
        let upstream = try await publisher("upstream")
        let stage = try await publisher("stage")
        let input = try await stage.subscribe(.init(endpoints: [upstream.endpoint]), logger: BusFixtures.quietLogger)
        return (upstream, stage, input)
    }

    /// upstream → stage (hosted subscriber, handler, publisher) → downstream: each message the stage handles is
    /// read, handled and answered on the stage publisher's thread, and the answers all arrive.
    @Test func aStageReadsHandlesAndPublishesOnItsPublishersThread() async throws {
        let (upstream, stage, input) = try await stageWithInput()
        let downstream = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [stage.endpoint]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        #expect(input.executor === stage.executor)
        let handler = Task(executorPreference: stage.executor) { () -> [String] in
            var sequencer = EnvelopeSequencer(source: .orient, epoch: 1)
            var threads: [String] = []
            for await event in input.events where !BusFixtures.isProbe(event) {
                guard let envelope = event.envelope, envelope.kind == .observation else { continue }
                threads.append(IOThreadExecutorTests.threadName())
                let answer = Observation(samples: [
                    MetricSample(name: "answer", value: Double(envelope.sequence), source: "test")
                ])
                try? await stage.publish(sequencer.stamp(.observation(answer), timeNanos: envelope.timeNanos))
                if threads.count == 3 { break }
            }
            return threads
        }
        try await withDeadline {
            try await BusFixtures.waitUntilLive(upstream, input.events)
            try await BusFixtures.waitUntilLive(stage, downstream.events)
        }
        for sequence in 1...3 { try await upstream.publish(BusFixtures.observation(UInt64(sequence))) }
        let answers = try await withDeadline {
            try await BusFixtures.collect(downstream.events) { $0.envelope?.timeNanos == 3 }
        }.filter { $0.envelope != nil }
        #expect(answers.compactMap(\.envelope?.timeNanos) == [1, 2, 3])
        let values = answers.compactMap { $0.envelope?.body.observation?.samples.first?.value }
        #expect(values == [1, 2, 3])
        let threads = try await withDeadline { await handler.value }
        #expect(threads == ["ooda-pub", "ooda-pub", "ooda-pub"])
        #expect(input.stats.received >= 3)
        try await Self.close(input)
        await downstream.close()
        await stage.close()
        await upstream.close()
    }

    /// Closing the hosted subscriber ends its events and stops its reading; the publisher goes on publishing.
    @Test func closingAHostedSubscriberEndsItsEventsAndThePublisherGoesOn() async throws {
        let (upstream, stage, input) = try await stageWithInput()
        let downstream = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [stage.endpoint]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        try await withDeadline { try await BusFixtures.waitUntilLive(upstream, input.events) }
        try await Self.close(input)
        // Whatever was buffered is delivered, then the iteration ends (within the deadline, or the test fails).
        try await withDeadline {
            for await _ in input.events {}
        }
        try await withDeadline { try await BusFixtures.waitUntilLive(stage, downstream.events) }
        try await stage.publish(BusFixtures.observation(7))
        let received = try await withDeadline {
            try await BusFixtures.collect(downstream.events) { $0.envelope?.sequence == 7 }
        }
        #expect(received.last?.envelope?.sequence == 7)
        await downstream.close()
        await stage.close()
        await upstream.close()
    }

    /// Closing the publisher ends the events of the subscribers it hosts; it takes on no new one after.
    @Test func closingThePublisherEndsItsHostedSubscribers() async throws {
        let (upstream, stage, input) = try await stageWithInput()
        try await withDeadline { try await BusFixtures.waitUntilLive(upstream, input.events) }
        await stage.close()
        try await withDeadline {
            for await _ in input.events {}
        }
        try await Self.close(input)
        let refusal = await #expect(throws: BusError.self) {
            _ = try await stage.subscribe(.init(endpoints: [upstream.endpoint]), logger: BusFixtures.quietLogger)
        }
        #expect(refusal?.code == .closed)
        await upstream.close()
    }

    /// A hosted subscriber that cannot connect is refused with its endpoint named; the publisher is unharmed.
    @Test func aHostedSubscriberThatCannotConnectIsRefusedWithItsEndpoint() async throws {
        let stage = try await publisher()
        let downstream = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [stage.endpoint]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let error = await #expect(throws: BusError.self) {
            _ = try await stage.subscribe(.init(endpoints: ["tcp://nowhere"]), logger: BusFixtures.quietLogger)
        }
        #expect(error?.code == .endpoint)
        #expect("\(error.map { "\($0)" } ?? "")".contains("tcp://nowhere"))
        try await withDeadline { try await BusFixtures.waitUntilLive(stage, downstream.events) }
        await downstream.close()
        await stage.close()
    }
}
