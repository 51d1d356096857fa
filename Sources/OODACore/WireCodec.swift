/// Encodes envelopes to the two-frame wire form and decodes them back, rejecting anything malformed.
///
/// Frame 1 is the topic (the kind's name in UTF-8); frame 2 is the envelope as JSON with sorted keys, so the
/// same envelope always encodes to the same bytes. Non-finite numbers are written as `"NaN"`, `"+Inf"` and
/// `"-Inf"`.
///
/// The JSON is written and read by hand (``JSONWriter``, ``JSONReader`` and the `+JSON` extensions of each
/// message type), about ten times faster than Foundation's `JSONEncoder` and `JSONDecoder`. It writes the bytes
/// `JSONEncoder` wrote and accepts and rejects what `JSONDecoder` did, with the same error codes; the tests
/// hold it to ``FoundationWireCodec``, the Foundation-based codec it replaced.
public struct WireCodec: Sendable {
    /// The largest body frame ``decode(topic:body:)`` accepts, in bytes.
    public var maximumBodyBytes: Int

    /// The default limit on a body frame: 1 MiB, far above any real envelope.
    public static let defaultMaximumBodyBytes = 1 << 20

    public init(maximumBodyBytes: Int = WireCodec.defaultMaximumBodyBytes) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// The envelope as JSON bytes (the body frame, and the payload of a log record).
    public func encodeJSON(_ envelope: Envelope) -> [UInt8] {
        var writer = JSONWriter(capacity: Self.initialCapacity(envelope.kind))
        envelope.writeJSON(to: &writer)
        return writer.bytes
    }

    /// Room for a typical envelope of the kind, so that writing it does not grow the buffer: an Orientation of
    /// six fields is about 4.5 KB, the others under 1.5 KB.
    private static func initialCapacity(_ kind: MessageKind) -> Int {
        kind == .orientation ? 8192 : 2048
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
        let decoded =
            body.withContiguousStorageIfAvailable { Self.decode($0) }
            ?? Array(body).withUnsafeBufferPointer { Self.decode($0) }
        let (envelope, expected) = try decoded.get()
        guard envelope.id == expected else {
            throw WireError(.inconsistentEnvelope, "id '\(envelope.id)' does not match its coordinates ('\(expected)')")
        }
        return envelope
    }

    /// Out of line so the generic ``decodeJSON(_:)`` stays small (the 6.3.1 optimizer crashed with a
    /// CopyPropagation ownership error on envelope code inlined into it in release builds); the Result carries the
    /// typed error out of the non-throwing closures of `withContiguousStorageIfAvailable` and
    /// `withUnsafeBufferPointer`.
    @inline(never)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(Envelope, EventID), WireError> {
        do throws(WireError) {
            let (envelope, expected) = try Envelope.decode(json: bytes)
            return .success((envelope, expected))
        } catch {
            return .failure(error)
        }
    }
}
