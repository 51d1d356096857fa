/// The mock actuator's settings; every field has a default, so `actuator: {kind: mock}` is enough.
public struct MockActuatorConfiguration: Sendable, Codable, Equatable {
    /// The replicas at start.
    public var initialReplicas: Int
    /// Steps and bounds: +2, −1, within 2...10 by default.
    public var scaling: ReplicaPolicy
    /// The revision at start; revisions 1 through this one exist, so a rollback can go back to each of them.
    public var revision: Int
    /// The tuning parameters `retune` adjusts.
    public var tuning: TuningConfiguration
    /// A simulated latency for every action, in milliseconds (0 for none).
    public var latencyMilliseconds: Double

    public init(
        initialReplicas: Int = 3,
        scaling: ReplicaPolicy = ReplicaPolicy(),
        revision: Int = 3,
        tuning: TuningConfiguration = TuningConfiguration(),
        latencyMilliseconds: Double = 0
    ) {
        self.initialReplicas = initialReplicas
        self.scaling = scaling
        self.revision = max(1, revision)
        self.tuning = tuning
        self.latencyMilliseconds = max(0, latencyMilliseconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.init(
            initialReplicas: try container.decodeIfPresent(Int.self, forKey: .initialReplicas)
                ?? defaults.initialReplicas,
            scaling: try container.decodeIfPresent(ReplicaPolicy.self, forKey: .scaling) ?? defaults.scaling,
            revision: try container.decodeIfPresent(Int.self, forKey: .revision) ?? defaults.revision,
            tuning: try container.decodeIfPresent(TuningConfiguration.self, forKey: .tuning) ?? defaults.tuning,
            latencyMilliseconds: try container.decodeIfPresent(Double.self, forKey: .latencyMilliseconds)
                ?? defaults.latencyMilliseconds
        )
    }
}
