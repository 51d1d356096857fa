/// One message on the bus and one record in the event log: who sent what, when, derived from what.
///
/// On the wire it is two ZeroMQ frames, the topic (``MessageKind/topic``) and this envelope as JSON
/// (see ``WireCodec`` and `docs/wire-format.md`).
public struct Envelope: Sendable, Equatable {
    /// The schema version the envelope was written with.
    public var schema: Int
    /// The event's identity, derived from source, epoch, kind and sequence.
    public var id: EventID
    /// The publisher: a stage or a tool.
    public var source: StageName
    /// The publisher's epoch: new at every start of the publisher, and increasing.
    public var epoch: UInt64
    /// The sequence number of this event among the publisher's events of this kind: 1, 2, 3, … with no gaps,
    /// continuing across restarts (the epoch changes, the sequence goes on).
    public var sequence: UInt64
    /// The event time, in nanoseconds since the Unix epoch. Stages read time from here, never from a clock.
    public var timeNanos: Int64
    /// The events this one was derived from.
    public var causes: [EventID]
    /// The body; its kind is the envelope's kind.
    public var body: MessageBody

    /// The kind of the body, which is also the topic.
    public var kind: MessageKind { body.kind }

    public init(
        schema: Int = SchemaVersion.current,
        source: StageName,
        epoch: UInt64,
        sequence: UInt64,
        timeNanos: Int64,
        causes: [EventID] = [],
        body: MessageBody
    ) {
        self.schema = schema
        self.id = EventID(source: source, epoch: epoch, kind: body.kind, sequence: sequence)
        self.source = source
        self.epoch = epoch
        self.sequence = sequence
        self.timeNanos = timeNanos
        self.causes = causes
        self.body = body
    }
}

extension Envelope: Codable {
    private enum CodingKeys: String, CodingKey {
        case schema, id, kind, source, epoch, sequence, timeNanos, causes, body
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try container.decode(Int.self, forKey: .schema)
        guard SchemaVersion.supported.contains(schema) else {
            throw WireError(
                .unsupportedSchemaVersion,
                "schema version \(schema) is not supported (this build reads \(SchemaVersion.supported))"
            )
        }
        self.schema = schema
        self.id = try container.decode(EventID.self, forKey: .id)
        self.source = try container.decode(StageName.self, forKey: .source)
        self.epoch = try container.decode(UInt64.self, forKey: .epoch)
        self.sequence = try container.decode(UInt64.self, forKey: .sequence)
        self.timeNanos = try container.decode(Int64.self, forKey: .timeNanos)
        self.causes = try container.decodeIfPresent([EventID].self, forKey: .causes) ?? []
        let kindName = try container.decode(String.self, forKey: .kind)
        guard let kind = MessageKind(rawValue: kindName) else {
            throw WireError(.unknownKind, "unknown kind '\(kindName)'")
        }
        switch kind {
        case .observation: self.body = .observation(try container.decode(Observation.self, forKey: .body))
        case .orientation: self.body = .orientation(try container.decode(Orientation.self, forKey: .body))
        case .decision: self.body = .decision(try container.decode(Decision.self, forKey: .body))
        case .actionOutcome: self.body = .actionOutcome(try container.decode(ActionOutcome.self, forKey: .body))
        case .stageStarted: self.body = .stageStarted(try container.decode(StageStarted.self, forKey: .body))
        case .heartbeat: self.body = .heartbeat(try container.decode(Heartbeat.self, forKey: .body))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(timeNanos, forKey: .timeNanos)
        try container.encode(causes, forKey: .causes)
        switch body {
        case .observation(let value): try container.encode(value, forKey: .body)
        case .orientation(let value): try container.encode(value, forKey: .body)
        case .decision(let value): try container.encode(value, forKey: .body)
        case .actionOutcome(let value): try container.encode(value, forKey: .body)
        case .stageStarted(let value): try container.encode(value, forKey: .body)
        case .heartbeat(let value): try container.encode(value, forKey: .body)
        }
    }
}
