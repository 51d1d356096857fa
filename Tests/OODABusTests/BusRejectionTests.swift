import Foundation
import OODABus
import OODACore
import OODATestSupport
import Testing
import ZeroMQ

@Suite(.serialized)
struct BusRejectionTests {
    /// Messages a foreign or broken publisher might send, and what each must be rejected as.
    static let garbage: [(frames: [[UInt8]], code: WireError.Code)] = [
        ([Array("observation".utf8), Array("{not json".utf8)], .malformedJSON),
        ([Array("nonsense".utf8), Array("{}".utf8)], .unknownKind),
        ([Array("observation".utf8)], .frameCount),
        ([Array("observation".utf8), unsupportedSchema()], .unsupportedSchemaVersion),
        ([Array("decision".utf8), WireCodec().encodeJSON(MessageSamples.observation)], .kindMismatch),
    ]

    @Test func malformedFramesAreRejectedCountedAndLoggedAndTheSubscriberGoesOn() async throws {
        let context = try ZMQContext()
        let endpoint = try BusFixtures.ipcEndpoint()
        let raw = try ZMQSocket(context, type: .publisher)
        try raw.bind(endpoint)
        let log = RecordingLogHandler()
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [endpoint]),
            context: context,
            logger: log.logger
        )
        let codec = WireCodec()
        let probe = codec.encode(
            Envelope(source: "probe-raw", epoch: 1, sequence: 1, timeNanos: 0, body: .heartbeat(.init()))
        )
        // Slow joiner: the raw publisher probes until the subscription is live.
        var live = false
        for _ in 0..<1000 where !live {
            try raw.send(frames: probe)
            let arrived = try? await withDeadline(.milliseconds(20)) { await subscriber.events.first { _ in true } }
            live = arrived != nil
        }
        try #require(live)

        for message in Self.garbage { try raw.send(frames: message.frames) }
        try raw.send(frames: codec.encode(MessageSamples.decision))
        let received = try await withDeadline {
            try await BusFixtures.collect(subscriber.events) { $0.envelope?.kind == .decision }
        }

        let codes = received.compactMap { event -> WireError.Code? in
            if case .rejected(let error, _) = event { return error.code }
            return nil
        }
        #expect(codes == Self.garbage.map(\.code))
        #expect(received.last?.envelope?.id == MessageSamples.decision.id)
        #expect(subscriber.stats.rejected == UInt64(Self.garbage.count))
        #expect(log.messages.filter { $0.1 == "rejected a message" }.count == Self.garbage.count)
        await subscriber.close()
    }

    private static func unsupportedSchema() -> [UInt8] {
        let json = String(decoding: WireCodec().encodeJSON(MessageSamples.observation), as: UTF8.self)
        return Array(json.replacingOccurrences(of: "\"schema\":1", with: "\"schema\":99").utf8)
    }
}
