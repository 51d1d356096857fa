import OODACore

/// Runs every source once per cycle, all at the same time, and assembles their samples into one ``Observation``.
///
/// A slow or failing source delays or degrades only its own part: each source bounds its own time (a scrape
/// has a timeout) and reports failure in its health, so the cycle always yields an observation.
public struct Observer: Sendable {
    /// The sources, in the order their samples appear in the observation.
    public let sources: [any MetricSource]

    /// Creates an observer.
    ///
    /// - Parameter sources: The sources, in the order their samples appear.
    public init(sources: [any MetricSource]) {
        self.sources = sources
    }

    /// Samples every source once.
    ///
    /// - Parameter atNanos: The cycle's time, given to every source; the stage stamps the envelope with it.
    /// - Returns: The observation and each source's health.
    public func observe(atNanos: Int64) async -> ObservationCycle {
        let results = await withTaskGroup(of: (Int, SourceResult).self) { group in
            for (index, source) in sources.enumerated() {
                group.addTask { (index, await source.sample(atNanos: atNanos)) }
            }
            var results = [SourceResult?](repeating: nil, count: sources.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var samples: [MetricSample] = []
        var statuses: [SourceStatus] = []
        for (source, result) in zip(sources, results) {
            let result = result ?? SourceResult(samples: [], health: SourceHealth(status: .down, errors: ["no result"]))
            samples += result.samples
            statuses.append(SourceStatus(name: source.name, health: result.health, sampleCount: result.samples.count))
        }
        return ObservationCycle(atNanos: atNanos, observation: Observation(samples: samples), sources: statuses)
    }
}
