import OODACore

/// The thresholds of the Kalman policy's rules (see `docs/policy.md`), in the raw units of each field.
///
/// Every member has a default, and a decoded configuration may leave any of them out. A rule whose field is
/// not in the state vector is skipped.
public struct PolicyConfiguration: Sendable, Codable, Equatable {
    /// The state field holding CPU utilisation (0...1).
    public var cpuField: String = MetricName.cpuUsage
    /// The state field holding request latency.
    public var latencyField: String = MetricName.latencyMs
    /// The state field holding the quality score (0...1).
    public var omegaField: String = MetricName.omegaScore
    /// The state field holding the stability index (0...1).
    public var psiField: String = MetricName.psiIndex
    /// The state field holding performance under stress relative to baseline (above 1 is antifragile).
    public var betaField: String = MetricName.betaAntifragile
    /// CPU utilisation above which the service needs more replicas.
    public var cpuHigh: Double = 0.80
    /// CPU utilisation below which it has replicas to spare.
    public var cpuLow: Double = 0.30
    /// Latency above which the service needs more replicas.
    public var latencyHigh: Double = 200
    /// Latency below which it has replicas to spare.
    public var latencyLow: Double = 50
    /// Quality (omega or psi) below which a new revision is suspect.
    public var qualityFloor: Double = 0.5
    /// How fast quality may fall, per second, right after a new revision before it is suspect.
    public var qualityFallPerSecond: Double = 0.005
    /// Beta below which the service is fragile under stress and needs retuning.
    public var betaLow: Double = 1.0
    /// The lag-1 innovation autocorrelation at or below which a field oscillates (0 when the model fits).
    public var oscillationCorrelation: Double = -0.5
    /// How far ahead, in seconds, a trend is projected when judging where a field is heading.
    public var lookaheadSeconds: Double = 60
    /// How many standard deviations of its own uncertainty a trend must exceed before rules project it.
    public var trendConfidence: Double = 0.5
    /// How long after a new revision, in seconds, falling quality points at the revision.
    public var revisionWindowSeconds: Double = 120
    /// How far past a threshold, as a fraction of it, a field must be for full confidence: at the threshold a
    /// rule scores 0.5, at `(1 + softness) ×` the threshold 1.
    public var softness: Double = 0.2
    /// The weight of a projected breach against a present one, in 0...1: a forecast is less certain.
    public var forecastWeight: Double = 0.9
    /// Steps before the trend estimate is trusted fully; scores ramp up over them.
    public var warmupSteps: Int = 5
    /// The NIS above which an observation is surprising enough that scaling down waits.
    public var anomalyNIS: Double = 30

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case cpuField, latencyField, omegaField, psiField, betaField, cpuHigh, cpuLow, latencyHigh, latencyLow
        case qualityFloor, qualityFallPerSecond, betaLow, oscillationCorrelation, lookaheadSeconds, trendConfidence
        case revisionWindowSeconds, softness, forecastWeight, warmupSteps, anomalyNIS
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PolicyConfiguration()
        cpuField = try container.value(.cpuField, or: defaults.cpuField)
        latencyField = try container.value(.latencyField, or: defaults.latencyField)
        omegaField = try container.value(.omegaField, or: defaults.omegaField)
        psiField = try container.value(.psiField, or: defaults.psiField)
        betaField = try container.value(.betaField, or: defaults.betaField)
        cpuHigh = try container.value(.cpuHigh, or: defaults.cpuHigh)
        cpuLow = try container.value(.cpuLow, or: defaults.cpuLow)
        latencyHigh = try container.value(.latencyHigh, or: defaults.latencyHigh)
        latencyLow = try container.value(.latencyLow, or: defaults.latencyLow)
        qualityFloor = try container.value(.qualityFloor, or: defaults.qualityFloor)
        qualityFallPerSecond = try container.value(.qualityFallPerSecond, or: defaults.qualityFallPerSecond)
        betaLow = try container.value(.betaLow, or: defaults.betaLow)
        oscillationCorrelation = try container.value(.oscillationCorrelation, or: defaults.oscillationCorrelation)
        lookaheadSeconds = try container.value(.lookaheadSeconds, or: defaults.lookaheadSeconds)
        trendConfidence = try container.value(.trendConfidence, or: defaults.trendConfidence)
        revisionWindowSeconds = try container.value(.revisionWindowSeconds, or: defaults.revisionWindowSeconds)
        softness = try container.value(.softness, or: defaults.softness)
        forecastWeight = try container.value(.forecastWeight, or: defaults.forecastWeight)
        warmupSteps = try container.value(.warmupSteps, or: defaults.warmupSteps)
        anomalyNIS = try container.value(.anomalyNIS, or: defaults.anomalyNIS)
    }

    /// Checks every threshold.
    ///
    /// - Throws: ``PolicyError`` with code `invalidConfiguration`, naming the key.
    public func validate() throws(PolicyError) {
        let positive: [(String, Double)] = [
            ("cpuHigh", cpuHigh), ("cpuLow", cpuLow), ("latencyHigh", latencyHigh), ("latencyLow", latencyLow),
            ("qualityFloor", qualityFloor), ("qualityFallPerSecond", qualityFallPerSecond), ("betaLow", betaLow),
            ("lookaheadSeconds", lookaheadSeconds), ("revisionWindowSeconds", revisionWindowSeconds),
            ("softness", softness), ("anomalyNIS", anomalyNIS),
        ]
        for (key, value) in positive where !(value.isFinite && value > 0) {
            throw PolicyError(.invalidConfiguration, field: key, "must be finite and above 0, got \(value)")
        }
        guard cpuLow < cpuHigh, latencyLow < latencyHigh else {
            throw PolicyError(.invalidConfiguration, field: "cpuLow", "low thresholds must be below high ones")
        }
        guard oscillationCorrelation < 0, oscillationCorrelation > -1 else {
            throw PolicyError(.invalidConfiguration, field: "oscillationCorrelation", "must be in (-1, 0)")
        }
        guard trendConfidence >= 0, trendConfidence.isFinite else {
            throw PolicyError(.invalidConfiguration, field: "trendConfidence", "must be finite and ≥ 0")
        }
        guard forecastWeight >= 0, forecastWeight <= 1 else {
            throw PolicyError(.invalidConfiguration, field: "forecastWeight", "must be in 0...1")
        }
        guard warmupSteps >= 0 else {
            throw PolicyError(.invalidConfiguration, field: "warmupSteps", "must be ≥ 0")
        }
    }
}
