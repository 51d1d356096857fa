/// The first event of every stage run: who started, with what configuration. A running stage also re-announces
/// itself (``continued``) as the first record of each new log segment, so that a segment can be replayed once
/// the ones before it are removed.
///
/// Replay reads the configuration from here to reproduce the stage's decisions exactly.
public struct StageStarted: Sendable, Codable, Equatable {
    /// The ooda version that ran.
    public var version: String
    /// The stage that started.
    public var stage: StageName
    /// The stage's effective configuration, as the stage encodes it.
    public var configuration: JSONValue
    /// The sequence numbers the stage resumed from, per kind (empty on a first start).
    public var resumedSequences: [MessageKind: UInt64]
    /// True when the stage did not start but goes on: it re-announces its run at the start of a new log segment.
    /// Absent from the JSON when false.
    public var continued: Bool

    public init(
        version: String,
        stage: StageName,
        configuration: JSONValue,
        resumedSequences: [MessageKind: UInt64] = [:],
        continued: Bool = false
    ) {
        self.version = version
        self.stage = stage
        self.configuration = configuration
        self.resumedSequences = resumedSequences
        self.continued = continued
    }

    private enum CodingKeys: String, CodingKey { case version, stage, configuration, resumedSequences, continued }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        stage = try container.decode(StageName.self, forKey: .stage)
        configuration = try container.decode(JSONValue.self, forKey: .configuration)
        resumedSequences = try container.decode([MessageKind: UInt64].self, forKey: .resumedSequences)
        continued = try container.decodeIfPresent(Bool.self, forKey: .continued) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(stage, forKey: .stage)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(resumedSequences, forKey: .resumedSequences)
        if continued { try container.encode(continued, forKey: .continued) }
    }
}

/// A liveness signal with the stage's counters.
public struct Heartbeat: Sendable, Codable, Equatable {
    /// Messages the stage received since it started.
    public var messagesIn: UInt64
    /// Messages the stage published since it started.
    public var messagesOut: UInt64
    /// Frames it rejected (malformed, unknown kind, unknown schema version).
    public var rejected: UInt64
    /// Sequence gaps it detected in what it subscribes to.
    public var gaps: UInt64

    public init(messagesIn: UInt64 = 0, messagesOut: UInt64 = 0, rejected: UInt64 = 0, gaps: UInt64 = 0) {
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.rejected = rejected
        self.gaps = gaps
    }
}
