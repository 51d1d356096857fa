import OODACore

/// Runs every source once per cycle and assembles their samples into one ``Observation``.
///
/// Sources that wait on the network (``MetricSource/waitsOnIO``) are sampled at the same time, each in its own
/// task, while the local ones are read in the cycle's task. A slow or failing source delays or degrades only its
/// own part: each source bounds its own time (a scrape has a timeout) and reports failure in its health, so the
/// cycle always yields an observation.
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
        var results = [SourceResult?](repeating: nil, count: sources.count)
        if sources.contains(where: \.waitsOnIO) {
            await withTaskGroup(of: (Int, SourceResult).self) { group in
                for (index, source) in sources.enumerated() where source.waitsOnIO {
                    group.addTask { (index, await source.sample(atNanos: atNanos)) }
                }
                // The local sources meanwhile, in this task.
                for (index, source) in sources.enumerated() where !source.waitsOnIO {
                    results[index] = await source.sample(atNanos: atNanos)
                }
                for await (index, result) in group { results[index] = result }
            }
        } else {
            // Nothing to wait for: no task group, no task per source, no hand-off between them.
            for (index, source) in sources.enumerated() { results[index] = await source.sample(atNanos: atNanos) }
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
