import OODACore

/// What one source yielded in one cycle.
public struct SourceResult: Sendable, Equatable {
    /// The samples read; may be partial when the health is degraded.
    public var samples: [MetricSample]
    /// Whether the source was readable, with the errors met.
    public var health: SourceHealth

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - samples: The samples read.
    ///   - health: The source's health.
    public init(samples: [MetricSample], health: SourceHealth) {
        self.samples = samples
        self.health = health
    }
}
