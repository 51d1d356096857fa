import Foundation
import OODACore
import OODATestSupport
import Testing

@Suite struct WireCodecTests {
    let codec = WireCodec()

    @Test(arguments: MessageSamples.all)
    func everyKindRoundTripsThroughTheTwoFrameForm(envelope: Envelope) throws {
        let frames = codec.encode(envelope)
        #expect(frames.count == 2)
        #expect(frames[0] == Array(envelope.kind.rawValue.utf8))
        let decoded = try codec.decode(frames: frames)
        // NaN is not equal to itself, so compare the re-encoded bytes, which are canonical (sorted keys).
        #expect(codec.encodeJSON(decoded) == frames[1])
        #expect(decoded.id == envelope.id)
        #expect(decoded.kind == envelope.kind)
    }

    @Test func encodingIsCanonicalSoEqualEnvelopesHaveEqualBytes() {
        #expect(codec.encodeJSON(MessageSamples.decision) == codec.encodeJSON(MessageSamples.decision))
        let text = String(decoding: codec.encodeJSON(MessageSamples.orientation), as: UTF8.self)
        #expect(text.hasPrefix(#"{"body":"#))
        #expect(text.contains(#""kind":"orientation""#))
    }

    @Test func nonFiniteValuesTravelAsStrings() throws {
        let text = String(decoding: codec.encodeJSON(MessageSamples.observation), as: UTF8.self)
        #expect(text.contains(#""value":"NaN""#))
        #expect(text.contains(#""value":"+Inf""#))
        let decoded = try codec.decodeJSON(codec.encodeJSON(MessageSamples.observation))
        let values = try #require(decoded.body.observation).samples.map(\.value)
        #expect(values[2].isNaN)
        #expect(values[3] == .infinity)
    }

    @Test func doublesRoundTripBitForBit() throws {
        let awkward: [Double] = [
            0.1, 1.0 / 3.0, 2.220446049250313e-16, 123_456_789.123_456_789, -0.0, .leastNonzeroMagnitude,
        ]
        let envelope = Envelope(
            source: .observe,
            epoch: 1,
            sequence: 1,
            timeNanos: 0,
            body: .observation(Observation(samples: awkward.map { MetricSample(name: "x", value: $0, source: "t") }))
        )
        let decoded = try codec.decodeJSON(codec.encodeJSON(envelope))
        let values = try #require(decoded.body.observation).samples.map(\.value)
        #expect(values.map(\.bitPattern) == awkward.map(\.bitPattern))
    }

    @Test func aMissingSecondFrameIsRejected() {
        #expect(throws: WireError.self) { try codec.decode(frames: [Array("observation".utf8)]) }
        do {
            _ = try codec.decode(frames: [Array("observation".utf8)])
        } catch {
            #expect(error.code == .frameCount)
        }
    }

    @Test func emptyFramesAreRejected() {
        let body = codec.encodeJSON(MessageSamples.heartbeat)
        #expect(rejection(topic: [], body: body) == .emptyFrame)
        #expect(rejection(topic: Array("heartbeat".utf8), body: []) == .emptyFrame)
    }

    @Test func malformedJSONIsRejectedWithTheReason() throws {
        let error = try #require(rejectionError(topic: "observation", body: #"{"schema":1,"id":"#))
        #expect(error.code == .malformedJSON)
    }

    @Test func aMissingFieldIsNamed() throws {
        var object = try jsonObject(MessageSamples.decision)
        var body = object["body"] as! [String: Any]
        body.removeValue(forKey: "confidence")
        object["body"] = body
        let error = try #require(rejectionError(topic: "decision", body: try text(object)))
        #expect(error.code == .malformedJSON)
        #expect(error.detail.contains("body.confidence"))
    }

    @Test func anUnknownSchemaVersionIsRejected() throws {
        var object = try jsonObject(MessageSamples.heartbeat)
        object["schema"] = 99
        let error = try #require(rejectionError(topic: "heartbeat", body: try text(object)))
        #expect(error.code == .unsupportedSchemaVersion)
        #expect(error.detail.contains("99"))
    }

    @Test func anUnknownKindIsRejectedInTheTopicAndInTheEnvelope() throws {
        let body = codec.encodeJSON(MessageSamples.heartbeat)
        #expect(rejection(topic: Array("telemetry".utf8), body: body) == .unknownKind)
        var object = try jsonObject(MessageSamples.heartbeat)
        object["kind"] = "telemetry"
        #expect(rejectionError(topic: "heartbeat", body: try text(object))?.code == .unknownKind)
    }

    @Test func aTopicThatDisagreesWithTheEnvelopeIsRejected() {
        let body = codec.encodeJSON(MessageSamples.heartbeat)
        #expect(rejection(topic: Array("decision".utf8), body: body) == .kindMismatch)
    }

    @Test func anIdThatDoesNotMatchItsCoordinatesIsRejected() throws {
        var object = try jsonObject(MessageSamples.heartbeat)
        object["sequence"] = 101
        #expect(rejectionError(topic: "heartbeat", body: try text(object))?.code == .inconsistentEnvelope)
    }

    @Test func aTenMegabyteFrameIsRejectedWithoutParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: 10 << 20)
        #expect(rejection(topic: Array("observation".utf8), body: huge) == .frameTooLarge)
    }

    @Test func noTopicIsAPrefixOfAnotherSoPrefixSubscriptionsAreExact() {
        for kind in MessageKind.allCases {
            for other in MessageKind.allCases where other != kind {
                #expect(!other.topic.starts(with: kind.topic), "\(kind) is a prefix of \(other)")
            }
        }
    }

    // MARK: - helpers

    private func rejection(topic: [UInt8], body: [UInt8]) -> WireError.Code? {
        do {
            _ = try codec.decode(topic: topic, body: body)
            return nil
        } catch {
            return error.code
        }
    }

    private func rejectionError(topic: String, body: String) -> WireError? {
        do {
            _ = try codec.decode(topic: Array(topic.utf8), body: Array(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    private func jsonObject(_ envelope: Envelope) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(codec.encodeJSON(envelope))) as! [String: Any]
    }

    private func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
