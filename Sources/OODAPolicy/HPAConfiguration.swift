import OODACore

/// The Kubernetes HorizontalPodAutoscaler's settings, with its defaults (autoscaling/v2 `behavior`).
public struct HPAConfiguration: Sendable, Codable, Equatable {
    /// One metric the HPA scales on: the state field and its target value per replica.
    public struct Metric: Sendable, Codable, Equatable {
        /// The orientation field, for example `cpu_usage` (utilisation, 0...1).
        public var field: String
        /// The target value, for example 0.7 for 70 % CPU utilisation.
        public var target: Double

        public init(field: String, target: Double) {
            self.field = field
            self.target = target
        }
    }

    /// The metrics; the HPA takes the largest replica count any of them asks for.
    public var metrics: [Metric] = [Metric(field: MetricName.cpuUsage, target: 0.7)]
    /// The ratio band around 1 inside which the HPA does nothing (`--horizontal-pod-autoscaler-tolerance`).
    public var tolerance: Double = 0.1
    /// How often the HPA reconciles, in seconds (`--horizontal-pod-autoscaler-sync-period`).
    public var syncPeriodSeconds: Double = 15
    /// Scale-down stabilization: the highest recommendation of this many seconds wins.
    public var scaleDownStabilizationSeconds: Double = 300
    /// Scale-up stabilization: the lowest recommendation of this many seconds wins.
    public var scaleUpStabilizationSeconds: Double = 0
    /// Scale-up policy `Percent`: at most this many percent more replicas per period.
    public var scaleUpPercent: Double = 100
    /// Scale-up policy `Pods`: at most this many more replicas per period (the larger policy wins).
    public var scaleUpPods: Int = 4
    /// Scale-down policy `Percent`: at most this many percent fewer replicas per period.
    public var scaleDownPercent: Double = 100

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case metrics, tolerance, syncPeriodSeconds, scaleDownStabilizationSeconds, scaleUpStabilizationSeconds
        case scaleUpPercent, scaleUpPods, scaleDownPercent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HPAConfiguration()
        metrics = try container.value(.metrics, or: defaults.metrics)
        tolerance = try container.value(.tolerance, or: defaults.tolerance)
        syncPeriodSeconds = try container.value(.syncPeriodSeconds, or: defaults.syncPeriodSeconds)
        scaleDownStabilizationSeconds = try container.value(
            .scaleDownStabilizationSeconds,
            or: defaults.scaleDownStabilizationSeconds
        )
        scaleUpStabilizationSeconds = try container.value(
            .scaleUpStabilizationSeconds,
            or: defaults.scaleUpStabilizationSeconds
        )
        scaleUpPercent = try container.value(.scaleUpPercent, or: defaults.scaleUpPercent)
        scaleUpPods = try container.value(.scaleUpPods, or: defaults.scaleUpPods)
        scaleDownPercent = try container.value(.scaleDownPercent, or: defaults.scaleDownPercent)
    }

    /// Checks every value.
    ///
    /// - Throws: ``PolicyError`` with code `invalidConfiguration`, naming the key.
    public func validate() throws(PolicyError) {
        guard !metrics.isEmpty, metrics.allSatisfy({ $0.target.isFinite && $0.target > 0 }) else {
            throw PolicyError(.invalidConfiguration, field: "hpa.metrics", "needs metrics with targets above 0")
        }
        let nonNegative: [(String, Double)] = [
            ("hpa.tolerance", tolerance), ("hpa.syncPeriodSeconds", syncPeriodSeconds),
            ("hpa.scaleDownStabilizationSeconds", scaleDownStabilizationSeconds),
            ("hpa.scaleUpStabilizationSeconds", scaleUpStabilizationSeconds),
            ("hpa.scaleUpPercent", scaleUpPercent), ("hpa.scaleUpPods", Double(scaleUpPods)),
        ]
        for (key, value) in nonNegative where !(value.isFinite && value >= 0) {
            throw PolicyError(.invalidConfiguration, field: key, "must be finite and ≥ 0, got \(value)")
        }
        guard scaleDownPercent >= 0, scaleDownPercent <= 100 else {
            throw PolicyError(.invalidConfiguration, field: "hpa.scaleDownPercent", "must be in 0...100")
        }
    }
}
