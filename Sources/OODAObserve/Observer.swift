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

/// What one observe cycle produced.
public struct ObservationCycle: Sendable, Equatable {
    /// The cycle's time in nanoseconds.
    public var atNanos: Int64
    /// Every source's samples, in source order.
    public var observation: Observation
    /// Each source's health, in source order.
    public var sources: [SourceStatus]

    /// Creates a cycle's result.
    ///
    /// - Parameters:
    ///   - atNanos: The cycle's time.
    ///   - observation: The samples.
    ///   - sources: Each source's health.
    public init(atNanos: Int64, observation: Observation, sources: [SourceStatus]) {
        self.atNanos = atNanos
        self.observation = observation
        self.sources = sources
    }
}

/// One source's health after a cycle.
public struct SourceStatus: Sendable, Equatable, Codable {
    /// The source's name.
    public var name: String
    /// Whether it was readable, with the errors met.
    public var health: SourceHealth
    /// How many samples it yielded.
    public var sampleCount: Int

    /// Creates a status.
    ///
    /// - Parameters:
    ///   - name: The source's name.
    ///   - health: Its health.
    ///   - sampleCount: How many samples it yielded.
    public init(name: String, health: SourceHealth, sampleCount: Int) {
        self.name = name
        self.health = health
        self.sampleCount = sampleCount
    }
}
