import OODACore

/// The registry of a deployment: which stages run, where each publishes, where the logs go.
///
/// Loaded from a YAML file (see `docs/topology.md`); ``load(file:)`` checks it whole before anything starts,
/// and every error names the file, the line and the field.
public struct Topology: Sendable {
    /// The file it was read from (for messages).
    public var file: String
    /// A name for the deployment, shown in status and logs.
    public var name: String
    /// Where and how the event logs are written.
    public var log: LogSettings
    /// How often each stage publishes a heartbeat.
    public var heartbeat: DurationSetting
    /// The stages, keyed by name.
    public var stages: [StageName: StageEndpoints]
    /// CURVE on the bus (encryption, and each subscriber's key checked); `nil` for plain text.
    public var curve: CurveSettings?

    /// The YAML text, kept so that each stage can decode its own settings with located errors.
    let text: String

    /// The stages present, in loop order.
    public var orderedStages: [StageEndpoints] {
        StageName.loop.compactMap { stages[$0] }
    }

    /// The endpoints of one stage, or an error naming the file when the stage is not in it.
    public func endpoints(of stage: StageName) throws(TopologyError) -> StageEndpoints {
        guard let endpoints = stages[stage] else {
            throw TopologyError(
                .missingField,
                file: file,
                line: nil,
                field: "stages.\(stage)",
                message: "the topology has no \(stage) stage"
            )
        }
        return endpoints
    }
}

/// CURVE settings of a topology: where the keys are.
public struct CurveSettings: Sendable, Codable, Equatable {
    /// The keys directory (``CurveKeyring``), made by `ooda keys generate`; relative to the working directory.
    public var keys: String

    public init(keys: String) {
        self.keys = keys
    }

    /// The keys in that directory.
    public var keyring: CurveKeyring { CurveKeyring(directory: keys) }
}

/// Event-log settings of a topology.
public struct LogSettings: Sendable, Codable, Equatable {
    /// When records reach the disk.
    public enum Fsync: String, Sendable, Codable, NamedChoice {
        /// fsync after every record.
        case always
        /// fsync in groups, at most `groupCommit` after a record was appended.
        case group
        /// Leave it to the kernel.
        case never
    }

    /// The directory holding `events/<stage>/` subdirectories... that is, each stage's log directory.
    public var directory: String
    public var fsync: Fsync
    /// The bounded delay of group commit.
    public var groupCommit: DurationSetting
    /// The size at which a segment file is closed and the next one begun.
    public var segmentBytes: Int
    /// The most bytes each stage's log may take: its oldest segments are removed beyond it. Nil keeps all.
    public var retainBytes: Int64?

    public init(
        directory: String = ".ooda/events",
        fsync: Fsync = .group,
        groupCommit: DurationSetting = DurationSetting(nanoseconds: 5_000_000),
        segmentBytes: Int = 64 << 20,
        retainBytes: Int64? = nil
    ) {
        self.directory = directory
        self.fsync = fsync
        self.groupCommit = groupCommit
        self.segmentBytes = segmentBytes
        self.retainBytes = retainBytes
    }

    private enum CodingKeys: String, CodingKey { case directory, fsync, groupCommit, segmentBytes, retainBytes }

    public init(from decoder: any Decoder) throws {
        let defaults = LogSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
        self.fsync = try container.decodeIfPresent(Fsync.self, forKey: .fsync) ?? defaults.fsync
        self.groupCommit =
            try container.decodeIfPresent(DurationSetting.self, forKey: .groupCommit)
            ?? defaults.groupCommit
        self.segmentBytes = try container.decodeIfPresent(Int.self, forKey: .segmentBytes) ?? defaults.segmentBytes
        self.retainBytes = try container.decodeIfPresent(Int64.self, forKey: .retainBytes)
    }

    /// The log directory of one stage.
    public func directory(of stage: StageName) -> String {
        directory.hasSuffix("/") ? directory + stage.rawValue : directory + "/" + stage.rawValue
    }
}

/// Where one stage publishes and serves its metrics.
public struct StageEndpoints: Sendable, Equatable {
    public var stage: StageName
    /// The endpoint the stage binds its PUB socket to (`tcp://*:5551` binds every interface).
    public var publish: BusEndpoint
    /// The endpoint other processes connect to; defaults to `publish`, with `*` read as `127.0.0.1`.
    public var connect: BusEndpoint
    /// `HOST:PORT` of the stage's `/metrics` and `/healthz`, when it serves them.
    public var metrics: String?
}
