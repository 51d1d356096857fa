// The envelope read in one pass, for what every producer writes (`Envelope.writeJSON`'s sorted keys): the body
// is decoded where it stands instead of being skipped first and read after. Whatever this pass cannot read —
// other key orders, escaped keys, an unsupported schema, any error — goes to the two-step reading of
// Envelope+JSON.swift, which rejects exactly what `JSONDecoder` rejects; so this pass only ever returns an
// envelope that one would return too.

extension Envelope {
    /// The envelope, if the document is a well-formed envelope whose `kind` can be found in its last bytes, as
    /// the sorted keys put it; nil for anything else, to be read the careful way.
    static func decodeInOnePass(json bytes: UnsafeBufferPointer<UInt8>) -> (Envelope, expectedID: EventID)? {
        guard let kind = trailingKind(bytes) else { return nil }
        var schema: Int?
        var id: String?
        var source: String?
        var epoch: UInt64?
        var sequence: UInt64?
        var timeNanos: Int64?
        var causes: [String]?
        var kindRead: String?
        var body: MessageBody?
        do throws(JSONProblem) {
            var reader = JSONReader(bytes)
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "{") else { return nil }
            try reader.enter()
            while let key = try reader.nextKey() {
                guard key.isSimple else { return nil }
                // Of duplicate keys the first wins, as in JSONDecoder; later ones are skipped, like unknown keys.
                switch key {
                case "body" where body == nil: body = try decodeBody(kind, &reader)
                case "causes" where causes == nil: causes = try reader.readNull() ? [] : reader.readStrings()
                case "epoch" where epoch == nil: epoch = try reader.readInteger(UInt64.self)
                case "id" where id == nil: id = try reader.readString()
                case "kind" where kindRead == nil: kindRead = try reader.readString()
                case "schema" where schema == nil: schema = try reader.readInteger(Int.self)
                case "sequence" where sequence == nil: sequence = try reader.readInteger(UInt64.self)
                case "source" where source == nil: source = try reader.readString()
                case "timeNanos" where timeNanos == nil: timeNanos = try reader.readInteger(Int64.self)
                default: try reader.skipValue()
                }
            }
            try reader.expectEnd()
        } catch {
            return nil
        }
        guard let schema, SchemaVersion.supported.contains(schema), let id, let source, let epoch, let sequence,
            let timeNanos, let body, kindRead == kind.rawValue
        else { return nil }
        var envelope = Envelope(
            schema: schema,
            source: StageName(rawValue: source),
            epoch: epoch,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: (causes ?? []).map(EventID.init(rawValue:)),
            body: body
        )
        // The initializer derived the id from the coordinates; keep the one read when it differs.
        let expected = envelope.id
        if expected.rawValue != id { envelope.id = EventID(rawValue: id) }
        return (envelope, expected)
    }

    /// The body of a `kind` envelope, at the reader's position.
    static func decodeBody(_ kind: MessageKind, _ reader: inout JSONReader) throws(JSONProblem) -> MessageBody {
        switch kind {
        case .observation: .observation(try Observation(json: &reader))
        case .orientation: .orientation(try Orientation(json: &reader))
        case .decision: .decision(try Decision(json: &reader))
        case .actionOutcome: .actionOutcome(try ActionOutcome(json: &reader))
        case .stageStarted: .stageStarted(try StageStarted(json: &reader))
        case .heartbeat: .heartbeat(try Heartbeat(json: &reader))
        }
    }

    /// The kind named by the last `"kind":"…"` in the document's last 256 bytes, where sorted keys put the
    /// envelope's own (after the body); the one-pass reading checks that it was.
    private static func trailingKind(_ bytes: UnsafeBufferPointer<UInt8>) -> MessageKind? {
        let pattern: [UInt8] = Array(#""kind":""#.utf8)
        var start = bytes.count - pattern.count
        let floor = max(0, bytes.count - 256)
        while start >= floor {
            if bytes[start] == pattern[0], bytes[start + 6] == pattern[6],
                pattern.indices.allSatisfy({ bytes[start + $0] == pattern[$0] })
            {
                let nameStart = start + pattern.count
                var end = nameStart
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), end - nameStart < 32 { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
                return MessageKind(rawValue: String(decoding: bytes[nameStart..<end], as: UTF8.self))
            }
            start -= 1
        }
        return nil
    }
}
