import Foundation

/// Encodes envelopes to the two-frame wire form and decodes them back, rejecting anything malformed.
///
/// Frame 1 is the topic (the kind's name in UTF-8); frame 2 is the envelope as JSON with sorted keys, so the
/// same envelope always encodes to the same bytes. Non-finite numbers are written as `"NaN"`, `"+Inf"` and
/// `"-Inf"`.
///
/// - Important: Not thread-safe; give each thread its own codec.
public struct WireCodec {
    /// The largest body frame ``decode(topic:body:)`` accepts, in bytes.
    public var maximumBodyBytes: Int

    private let encoder: JSONEncoder
    private let decoder: JSONDecoder

    /// The default limit on a body frame: 1 MiB, far above any real envelope.
    public static let defaultMaximumBodyBytes = 1 << 20

    public init(maximumBodyBytes: Int = WireCodec.defaultMaximumBodyBytes) {
        self.maximumBodyBytes = maximumBodyBytes
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf",
            negativeInfinity: "-Inf",
            nan: "NaN"
        )
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Inf",
            negativeInfinity: "-Inf",
            nan: "NaN"
        )
        self.encoder = encoder
        self.decoder = decoder
    }

    /// The envelope as JSON bytes (the body frame, and the payload of a log record).
    public func encodeJSON(_ envelope: Envelope) -> [UInt8] {
        do {
            return Array(try encoder.encode(envelope))
        } catch {
            // Every field is a plain value with a total encoding; failure here is a programming error.
            preconditionFailure("encoding an envelope cannot fail: \(error)")
        }
    }

    /// The two frames of the wire form: topic, JSON.
    public func encode(_ envelope: Envelope) -> [[UInt8]] {
        [envelope.kind.topic, encodeJSON(envelope)]
    }

    /// Decodes a message received as a list of frames.
    ///
    /// - Throws: ``WireError`` naming what was wrong.
    public func decode(frames: [[UInt8]]) throws(WireError) -> Envelope {
        guard frames.count == 2 else {
            throw WireError(.frameCount, "expected 2 frames (topic, envelope), got \(frames.count)")
        }
        return try decode(topic: frames[0], body: frames[1])
    }

    /// Decodes a topic frame and a body frame.
    ///
    /// - Throws: ``WireError`` naming what was wrong.
    public func decode(topic: [UInt8], body: [UInt8]) throws(WireError) -> Envelope {
        guard !topic.isEmpty else { throw WireError(.emptyFrame, "the topic frame is empty") }
        guard let kind = MessageKind(topic: topic) else {
            let shown = String(decoding: topic.prefix(64), as: UTF8.self)
            throw WireError(.unknownKind, "unknown topic '\(shown)'")
        }
        let envelope = try decodeJSON(body)
        guard envelope.kind == kind else {
            throw WireError(.kindMismatch, "topic '\(kind)' carries an envelope of kind '\(envelope.kind)'")
        }
        return envelope
    }

    /// Decodes an envelope from its JSON bytes (a body frame or a log record's payload).
    ///
    /// - Throws: ``WireError`` naming what was wrong.
    public func decodeJSON(_ body: some Collection<UInt8>) throws(WireError) -> Envelope {
        guard !body.isEmpty else { throw WireError(.emptyFrame, "the envelope frame is empty") }
        guard body.count <= maximumBodyBytes else {
            throw WireError(.frameTooLarge, "envelope of \(body.count) bytes exceeds the limit of \(maximumBodyBytes)")
        }
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: Data(body))
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformedJSON, Self.describe(error))
        }
        let expected = Self.expectedID(of: envelope)
        guard envelope.id == expected else {
            throw WireError(.inconsistentEnvelope, "id '\(envelope.id)' does not match its coordinates ('\(expected)')")
        }
        return envelope
    }

    /// The id an envelope's coordinates give. Out of line because the 6.3.1 optimizer crashes (CopyPropagation
    /// ownership error) on it inlined into the generic ``decodeJSON(_:)`` in release builds.
    @inline(never)
    private static func expectedID(of envelope: Envelope) -> EventID {
        EventID(source: envelope.source, epoch: envelope.epoch, kind: envelope.kind, sequence: envelope.sequence)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "(top)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' is not a \(type)"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' is null, expected \(type)"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return "invalid JSON at '\(path(context.codingPath))': \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
