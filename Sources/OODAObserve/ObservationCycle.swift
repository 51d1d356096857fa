import OODACore

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
