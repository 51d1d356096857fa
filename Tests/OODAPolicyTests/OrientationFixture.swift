import OODACore

/// Hand-made orientations for decision tests.
enum OrientationFixture {
    static let second: Int64 = 1_000_000_000

    /// An orientation recommending `action` at `confidence`, with cpu and latency at the given level and trend.
    static func make(
        _ action: Action,
        confidence: Double,
        cpu: Double = 0.5,
        cpuTrend: Double = 0,
        latency: Double = 100
    ) -> Orientation {
        var scores = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, 0.0) })
        scores[action] = confidence
        return Orientation(
            fields: [MetricName.cpuUsage, MetricName.latencyMs],
            level: [cpu, latency],
            trend: [cpuTrend, 0],
            variance: [1e-4, 1],
            innovation: [0, 0],
            nis: 2,
            scores: scores,
            recommended: action,
            confidence: confidence,
            reasoning: ["fixture"],
            filter: FilterSnapshot(state: [], covariance: [], measurementNoise: [], steps: 10, lastTimeNanos: 0)
        )
    }
}
