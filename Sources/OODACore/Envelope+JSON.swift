// The hand-written JSON form of Envelope: the same bytes as its Codable conformance through JSONEncoder, read
// in JSONDecoder's two steps so that it rejects the same envelopes with the same error codes: first the whole
// document's structure, then the fields in the order `init(from:)` decodes them (schema first, body last).

extension Envelope {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("body")
        switch body {
        case .observation(let value): value.writeJSON(to: &writer)
        case .orientation(let value): value.writeJSON(to: &writer)
        case .decision(let value): value.writeJSON(to: &writer)
        case .actionOutcome(let value): value.writeJSON(to: &writer)
        case .stageStarted(let value): value.writeJSON(to: &writer)
        case .heartbeat(let value): value.writeJSON(to: &writer)
        }
        writer.key("causes")
        writer.beginArray()
        for cause in causes { writer.string(cause.rawValue) }
        writer.endArray()
        writer.key("epoch")
        writer.uint64(epoch)
        writer.key("id")
        writer.string(id.rawValue)
        writer.key("kind")
        writer.string(kind.rawValue)
        writer.key("schema")
        writer.int(schema)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.key("source")
        writer.string(source.rawValue)
        writer.key("timeNanos")
        writer.int64(timeNanos)
        writer.endObject()
    }

    /// Decodes an envelope from JSON, with the id its coordinates give, for the check ``WireCodec`` adds.
    ///
    /// - Throws: ``WireError`` with `JSONDecoder`'s code for the same input.
    static func decode(json bytes: UnsafeBufferPointer<UInt8>) throws(WireError) -> (Envelope, expectedID: EventID) {
        if let decoded = decodeInOnePass(json: bytes) { return decoded }
        let members: EnvelopeMembers
        do throws(JSONProblem) {
            members = try EnvelopeMembers(bytes)
        } catch {
            throw error.wireError(in: bytes)
        }
        func read<Value>(
            _ offset: Int?,
            _ key: String,
            _ value: (inout JSONReader) throws(JSONProblem) -> Value
        ) throws(WireError) -> Value {
            do throws(JSONProblem) {
                guard let offset else { throw JSONProblem(.missing(key), at: members.start) }
                var reader = JSONReader(bytes, position: offset)
                return try value(&reader)
            } catch {
                throw error.wireError(in: bytes)
            }
        }
        if let problem = members.keyProblem { throw problem.wireError(in: bytes) }
        let schema = try read(members.schema, "schema") { reader throws(JSONProblem) in try reader.readInteger(Int.self)
        }
        guard SchemaVersion.supported.contains(schema) else {
            throw WireError(
                .unsupportedSchemaVersion,
                "schema version \(schema) is not supported (this build reads \(SchemaVersion.supported))"
            )
        }
        let id = try read(members.id, "id") { reader throws(JSONProblem) in try reader.readString() }
        let source = try read(members.source, "source") { reader throws(JSONProblem) in try reader.readString() }
        let epoch = try read(members.epoch, "epoch") { reader throws(JSONProblem) in
            try reader.readInteger(UInt64.self)
        }
        let sequence = try read(members.sequence, "sequence") { reader throws(JSONProblem) in
            try reader.readInteger(UInt64.self)
        }
        let timeNanos = try read(members.timeNanos, "timeNanos") { reader throws(JSONProblem) in
            try reader.readInteger(Int64.self)
        }
        // decodeIfPresent: absent and null both mean no causes.
        var causes: [String] = []
        if members.causes != nil {
            causes = try read(members.causes, "causes") { reader throws(JSONProblem) in
                try reader.readNull() ? [] : reader.readStrings()
            }
        }
        let kindName = try read(members.kind, "kind") { reader throws(JSONProblem) in try reader.readString() }
        guard let kind = MessageKind(rawValue: kindName) else {
            throw WireError(.unknownKind, "unknown kind '\(kindName)'")
        }
        let body = try read(members.body, "body") { reader throws(JSONProblem) -> MessageBody in
            try decodeBody(kind, &reader)
        }
        var envelope = Envelope(
            schema: schema,
            source: StageName(rawValue: source),
            epoch: epoch,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: causes.map(EventID.init(rawValue:)),
            body: body
        )
        // The initializer derived the id from the coordinates; keep the one read when it differs.
        let expected = envelope.id
        if expected.rawValue != id { envelope.id = EventID(rawValue: id) }
        return (envelope, expected)
    }
}

/// Where each member of an envelope's JSON starts, found by a pass that checks the whole document's structure
/// as Foundation's scanner does before anything is decoded.
private struct EnvelopeMembers {
    /// The offset of the envelope's `{`.
    var start = 0
    var schema: Int?
    var id: Int?
    var kind: Int?
    var source: Int?
    var epoch: Int?
    var sequence: Int?
    var timeNanos: Int?
    var causes: Int?
    var body: Int?
    /// A key that does not decode; `JSONDecoder` fails on it before it reads any field.
    var keyProblem: JSONProblem?

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONProblem) {
        var reader = JSONReader(bytes)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        start = reader.position
        guard reader.peek() == UInt8(ascii: "{") else {
            try reader.skipValue()
            try reader.expectEnd()
            throw JSONProblem(.typeMismatch("JSON object"), at: start)
        }
        try reader.enter()
        while let key = try reader.nextKey() {
            reader.skipWhitespace()
            let offset = reader.position
            if !key.isSimple, key.string == nil, keyProblem == nil {
                keyProblem = JSONProblem(.invalid("a key is not valid UTF-8 or has an invalid escape"), at: start)
            }
            // Of duplicate keys the first wins, as in JSONDecoder.
            switch key {
            case "schema" where schema == nil: schema = offset
            case "id" where id == nil: id = offset
            case "kind" where kind == nil: kind = offset
            case "source" where source == nil: source = offset
            case "epoch" where epoch == nil: epoch = offset
            case "sequence" where sequence == nil: sequence = offset
            case "timeNanos" where timeNanos == nil: timeNanos = offset
            case "causes" where causes == nil: causes = offset
            case "body" where body == nil: body = offset
            default: break
            }
            try reader.skipValue()
        }
        try reader.expectEnd()
    }
}
