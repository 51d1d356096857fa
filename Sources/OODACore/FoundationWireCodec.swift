import Foundation

/// The envelope codec built on Foundation's `JSONEncoder` and `JSONDecoder`: the reference ``WireCodec`` must
/// match byte for byte when encoding and code for code when rejecting.
///
/// ``WireCodec`` replaced it on the hot path because it costs tens of microseconds per envelope; it stays so that
/// tests can compare the hand-written codec against it and the codec benchmark can show both side by side.
package struct FoundationWireCodec {
    private let encoder: JSONEncoder
    private let decoder: JSONDecoder

    package init() {
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

    /// The envelope as JSON bytes, exactly as ``WireCodec/encodeJSON(_:)`` wrote it before the hand-written codec.
    package func encodeJSON(_ envelope: Envelope) -> [UInt8] {
        do {
            return Array(try encoder.encode(envelope))
        } catch {
            // Every field is a plain value with a total encoding; failure here is a programming error.
            preconditionFailure("encoding an envelope cannot fail: \(error)")
        }
    }

    /// Decodes an envelope from its JSON bytes with the same checks as ``WireCodec/decodeJSON(_:)`` (without the
    /// size limit).
    ///
    /// - Throws: ``WireError`` naming what was wrong.
    package func decodeJSON(_ body: [UInt8]) throws(WireError) -> Envelope {
        guard !body.isEmpty else { throw WireError(.emptyFrame, "the envelope frame is empty") }
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

    /// Out of line because the 6.3.1 optimizer crashed (CopyPropagation ownership error) on it inlined into the
    /// decoder in release builds.
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
