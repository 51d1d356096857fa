/// What `/healthz` answers: whether the stage is healthy and, for observe, each source's health.
public struct StageHealth: Sendable, Equatable, Codable {
    /// The stage's name.
    public var stage: String
    /// Whether the stage is doing its work; `/healthz` answers 200 when true, 503 when false.
    public var healthy: Bool
    /// A short explanation when unhealthy.
    public var detail: String?
    /// Each source's health after the last cycle (observe only).
    public var sources: [SourceStatus]

    /// Creates a health report.
    ///
    /// - Parameters:
    ///   - stage: The stage's name.
    ///   - healthy: Whether the stage is doing its work.
    ///   - detail: A short explanation.
    ///   - sources: Each source's health.
    public init(stage: String, healthy: Bool = true, detail: String? = nil, sources: [SourceStatus] = []) {
        self.stage = stage
        self.healthy = healthy
        self.detail = detail
        self.sources = sources
    }
}
