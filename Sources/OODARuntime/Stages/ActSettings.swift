import OODAAct
import OODACore

/// The act stage's settings in the topology: which actuator, its configuration, and the last guard rails.
public struct ActSettings: Sendable, Codable, Equatable {
    public enum ActuatorKind: String, Sendable, Codable, NamedChoice {
        case mock
        case process
        case kubernetes
    }

    /// The actuator act drives.
    public var actuator: ActuatorKind = .mock
    public var mock: MockActuatorConfiguration?
    public var process: ProcessActuatorConfiguration?
    public var kubernetes: KubernetesActuatorConfiguration?
    /// The most actions per window of event time.
    public var rateLimit: ActionRateLimit = ActionRateLimit()
    /// A decision older than this when act reads it (after a restart or a gap) is not executed late.
    public var maxDecisionAge: DurationSetting = DurationSetting(seconds: 30)

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case actuator, mock, process, kubernetes, rateLimit, maxDecisionAge
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var settings = ActSettings()
        settings.actuator = try container.decodeIfPresent(ActuatorKind.self, forKey: .actuator) ?? settings.actuator
        settings.mock = try container.decodeIfPresent(MockActuatorConfiguration.self, forKey: .mock)
        settings.process = try container.decodeIfPresent(ProcessActuatorConfiguration.self, forKey: .process)
        settings.kubernetes = try container.decodeIfPresent(KubernetesActuatorConfiguration.self, forKey: .kubernetes)
        settings.rateLimit =
            try container.decodeIfPresent(ActionRateLimit.self, forKey: .rateLimit) ?? settings.rateLimit
        settings.maxDecisionAge =
            try container.decodeIfPresent(DurationSetting.self, forKey: .maxDecisionAge) ?? settings.maxDecisionAge
        self = settings
    }
}
