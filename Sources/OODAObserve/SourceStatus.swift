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
