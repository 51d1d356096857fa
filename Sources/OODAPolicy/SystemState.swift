import OODACore

/// The service's measured state at one instant, by metric name: what the predictor filters.
public struct SystemState: Sendable, Equatable {
    /// The measured values by metric name.
    public var values: [String: Double]
    /// The target's current revision, when known; a change starts the rollback window.
    public var revision: Int?

    public init(values: [String: Double], revision: Int? = nil) {
        self.values = values
        self.revision = revision
    }

    /// The six fields of the default state vector.
    public init(
        omegaScore: Double,
        psiIndex: Double,
        betaAntifragile: Double,
        cpuUsage: Double,
        latencyMs: Double,
        throughput: Double,
        revision: Int? = nil
    ) {
        self.values = [
            MetricName.omegaScore: omegaScore, MetricName.psiIndex: psiIndex,
            MetricName.betaAntifragile: betaAntifragile, MetricName.cpuUsage: cpuUsage,
            MetricName.latencyMs: latencyMs, MetricName.throughput: throughput,
        ]
        self.revision = revision
    }
}
