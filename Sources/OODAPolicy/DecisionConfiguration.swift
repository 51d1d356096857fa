import OODACore

/// Everything decide needs to reproduce its decisions: the policy, the mode and the guard rails.
///
/// Written into `StageStarted.configuration` (see ``jsonValue()``) so that replay can rebuild it, or run
/// another mode or policy over the same orientations.
public struct DecisionConfiguration: Sendable, Codable, Equatable {
    /// Which policy decides: the Kalman policy's recommendation behind guard rails, or the HPA baseline.
    public var policy: DecisionPolicyKind = .ooda
    /// How eagerly a recommendation becomes an action.
    public var mode: DecisionMode = .balanced
    /// Overrides the mode's confidence threshold when set.
    public var minConfidence: Double?
    /// The least time, in seconds, between two decisions of the same action.
    public var cooldownSeconds: [Action: Double] = [.scaleUp: 60, .scaleDown: 120, .retune: 300, .rollback: 600]
    /// A scale-down happens only when every recommendation of this many seconds asked for it (the HPA's
    /// default is 300).
    public var scaleDownStabilizationSeconds: Double = 300
    /// The fewest replicas decide will ask for.
    public var minReplicas: Int = 2
    /// The most replicas decide will ask for.
    public var maxReplicas: Int = 10
    /// The replica count assumed until an action outcome reports the real one.
    public var initialReplicas: Int = 3
    /// Replicas a scale-up adds (the actuators' rule).
    public var scaleUpStep: Int = 2
    /// Replicas a scale-down removes.
    public var scaleDownStep: Int = 1
    /// In aggressive mode, a field whose trend reaches its breach limit within this many seconds scales up ahead.
    public var horizonSeconds: Double = 120
    /// How many standard deviations of its own uncertainty a trend must exceed before the forecast trusts it;
    /// the forecast then projects only the part of the trend beyond them.
    public var forecastConfidence: Double = 1
    /// Observations the filter must have taken before the forecast trusts its trend.
    public var forecastMinimumSteps: Int = 10
    /// The limits the aggressive forecast watches, by orientation field.
    public var breachLimits: [String: Double] = [MetricName.cpuUsage: 0.8, MetricName.latencyMs: 200]
    /// The HPA baseline's settings, used when ``policy`` is ``DecisionPolicyKind/hpa``.
    public var hpa: HPAConfiguration = HPAConfiguration()

    public init(mode: DecisionMode = .balanced, minConfidence: Double? = nil, policy: DecisionPolicyKind = .ooda) {
        self.mode = mode
        self.minConfidence = minConfidence
        self.policy = policy
    }

    /// The confidence a recommendation must exceed to be acted on.
    public var threshold: Double { minConfidence ?? mode.defaultThreshold }

    private enum CodingKeys: String, CodingKey {
        case policy, mode, minConfidence, cooldownSeconds, scaleDownStabilizationSeconds, minReplicas
        case maxReplicas, initialReplicas, scaleUpStep, scaleDownStep, horizonSeconds, forecastConfidence
        case forecastMinimumSteps, breachLimits, hpa
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DecisionConfiguration()
        policy = try container.value(.policy, or: defaults.policy)
        mode = try container.value(.mode, or: defaults.mode)
        minConfidence = try container.decodeIfPresent(Double.self, forKey: .minConfidence)
        cooldownSeconds = try container.value(.cooldownSeconds, or: defaults.cooldownSeconds)
        scaleDownStabilizationSeconds = try container.value(
            .scaleDownStabilizationSeconds,
            or: defaults.scaleDownStabilizationSeconds
        )
        minReplicas = try container.value(.minReplicas, or: defaults.minReplicas)
        maxReplicas = try container.value(.maxReplicas, or: defaults.maxReplicas)
        initialReplicas = try container.value(.initialReplicas, or: defaults.initialReplicas)
        scaleUpStep = try container.value(.scaleUpStep, or: defaults.scaleUpStep)
        scaleDownStep = try container.value(.scaleDownStep, or: defaults.scaleDownStep)
        horizonSeconds = try container.value(.horizonSeconds, or: defaults.horizonSeconds)
        forecastConfidence = try container.value(.forecastConfidence, or: defaults.forecastConfidence)
        forecastMinimumSteps = try container.value(.forecastMinimumSteps, or: defaults.forecastMinimumSteps)
        breachLimits = try container.value(.breachLimits, or: defaults.breachLimits)
        hpa = try container.value(.hpa, or: defaults.hpa)
    }

    /// Checks every value.
    ///
    /// - Throws: ``PolicyError`` with code `invalidConfiguration`, naming the key.
    public func validate() throws(PolicyError) {
        if let minConfidence, !(minConfidence >= 0 && minConfidence <= 1) {
            throw PolicyError(.invalidConfiguration, field: "minConfidence", "must be in 0...1, got \(minConfidence)")
        }
        for (action, seconds) in cooldownSeconds where !(seconds.isFinite && seconds >= 0) {
            throw PolicyError(.invalidConfiguration, field: "cooldownSeconds.\(action)", "must be finite and ≥ 0")
        }
        guard minReplicas >= 0, minReplicas <= maxReplicas else {
            throw PolicyError(.invalidConfiguration, field: "minReplicas", "must be in 0...maxReplicas")
        }
        guard initialReplicas >= 0, scaleUpStep > 0, scaleDownStep > 0 else {
            throw PolicyError(
                .invalidConfiguration,
                field: "scaleUpStep",
                "steps must be above 0 and initialReplicas ≥ 0"
            )
        }
        let seconds = [scaleDownStabilizationSeconds, horizonSeconds, forecastConfidence]
        guard seconds.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw PolicyError(
                .invalidConfiguration,
                field: "scaleDownStabilizationSeconds",
                "windows and horizons must be finite and ≥ 0"
            )
        }
        try hpa.validate()
    }

    /// The configuration as a JSON value, for `StageStarted.configuration`.
    ///
    /// - Throws: `EncodingError`, which a valid configuration never raises.
    public func jsonValue() throws -> JSONValue { try JSONValue.fromEncodable(self) }

    /// The configuration read back from a JSON value; absent keys take their defaults.
    ///
    /// - Throws: `DecodingError` naming the key that does not fit.
    public init(jsonValue: JSONValue) throws { self = try jsonValue.decode(as: DecisionConfiguration.self) }
}
