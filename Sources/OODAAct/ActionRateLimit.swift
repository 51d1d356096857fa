/// The last guard rail: at most so many actions that change the target in a window of event time.
public struct ActionRateLimit: Sendable, Codable, Equatable {
    /// The most actions allowed in one window.
    public var maxActions: Int
    /// The window's length, in seconds of event time.
    public var windowSeconds: Double

    public init(maxActions: Int = 5, windowSeconds: Double = 60) {
        self.maxActions = max(0, maxActions)
        self.windowSeconds = max(0, windowSeconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.init(
            maxActions: try container.decodeIfPresent(Int.self, forKey: .maxActions) ?? defaults.maxActions,
            windowSeconds: try container.decodeIfPresent(Double.self, forKey: .windowSeconds) ?? defaults.windowSeconds
        )
    }

    /// The window in nanoseconds.
    public var windowNanos: Int64 { Int64(windowSeconds * 1e9) }
}
