/// The first event of every stage run: who started, with what configuration.
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

    public init(
        version: String,
        stage: StageName,
        configuration: JSONValue,
        resumedSequences: [MessageKind: UInt64] = [:]
    ) {
        self.version = version
        self.stage = stage
        self.configuration = configuration
        self.resumedSequences = resumedSequences
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
