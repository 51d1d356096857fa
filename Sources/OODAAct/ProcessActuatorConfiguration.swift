/// The process actuator's settings: the command to replicate, its earlier revisions, bounds and stop timeout.
///
/// Only `command` is required: `{kind: process, command: ./server, arguments: [--port, "0"]}`.
public struct ProcessActuatorConfiguration: Sendable, Codable, Equatable {
    /// The executable of the current revision: a path (with a `/`) or a name looked up in `PATH`.
    public var command: String
    /// The current revision's arguments.
    public var arguments: [String]
    /// Variables the current revision adds to the inherited environment.
    public var environment: [String: String]
    /// Earlier revisions, oldest first: `rollback` steps back through them.
    public var revisions: [CommandRevision]
    /// The replicas started by ``ProcessActuator/start()``.
    public var initialReplicas: Int
    /// Steps and bounds: +2, −1, within 2...10 by default.
    public var scaling: ReplicaPolicy
    /// How long a stopping replica has after SIGTERM before SIGKILL, in seconds.
    public var gracefulStopSeconds: Double
    /// The tuning parameters `retune` adjusts; each reaches replicas as an environment variable.
    public var tuning: TuningConfiguration
    /// The prefix of the tuning variables: `OODA_TUNING_` gives `OODA_TUNING_ETA=0.1`.
    public var tuningEnvironmentPrefix: String

    public init(
        command: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        revisions: [CommandRevision] = [],
        initialReplicas: Int = 3,
        scaling: ReplicaPolicy = ReplicaPolicy(),
        gracefulStopSeconds: Double = 5,
        tuning: TuningConfiguration = TuningConfiguration(),
        tuningEnvironmentPrefix: String = "OODA_TUNING_"
    ) {
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.revisions = revisions
        self.initialReplicas = initialReplicas
        self.scaling = scaling
        self.gracefulStopSeconds = max(0, gracefulStopSeconds)
        self.tuning = tuning
        self.tuningEnvironmentPrefix = tuningEnvironmentPrefix
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self(command: "")
        self.init(
            command: try container.decode(String.self, forKey: .command),
            arguments: try container.decodeIfPresent([String].self, forKey: .arguments) ?? [],
            environment: try container.decodeIfPresent([String: String].self, forKey: .environment) ?? [:],
            revisions: try container.decodeIfPresent([CommandRevision].self, forKey: .revisions) ?? [],
            initialReplicas: try container.decodeIfPresent(Int.self, forKey: .initialReplicas)
                ?? defaults.initialReplicas,
            scaling: try container.decodeIfPresent(ReplicaPolicy.self, forKey: .scaling) ?? defaults.scaling,
            gracefulStopSeconds: try container.decodeIfPresent(Double.self, forKey: .gracefulStopSeconds)
                ?? defaults.gracefulStopSeconds,
            tuning: try container.decodeIfPresent(TuningConfiguration.self, forKey: .tuning) ?? defaults.tuning,
            tuningEnvironmentPrefix: try container.decodeIfPresent(String.self, forKey: .tuningEnvironmentPrefix)
                ?? defaults.tuningEnvironmentPrefix
        )
    }

    /// Every revision, oldest first; the last is the current one.
    public var allRevisions: [CommandRevision] {
        revisions + [CommandRevision(command: command, arguments: arguments, environment: environment)]
    }

    /// The environment variable that carries a tuning parameter.
    public func tuningVariable(_ name: String) -> String {
        tuningEnvironmentPrefix + name.uppercased()
    }
}
