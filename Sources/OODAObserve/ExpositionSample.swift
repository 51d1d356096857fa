/// One sample line of an exposition.
public struct ExpositionSample: Sendable, Equatable {
    /// The metric name, including a `_bucket`, `_sum` or `_count` suffix.
    public var name: String
    /// The labels, unescaped.
    public var labels: [String: String]
    /// The value; NaN and infinities included.
    public var value: Double
    /// The timestamp in milliseconds since the epoch, when the line carried one.
    public var timestampMillis: Int64?

    /// Creates a sample.
    ///
    /// - Parameters:
    ///   - name: The metric name.
    ///   - labels: The labels.
    ///   - value: The value.
    ///   - timestampMillis: The timestamp, if any.
    public init(name: String, labels: [String: String] = [:], value: Double, timestampMillis: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestampMillis = timestampMillis
    }

    /// Whether the sample equals the other one, NaN values included.
    public static func == (lhs: ExpositionSample, rhs: ExpositionSample) -> Bool {
        lhs.name == rhs.name && lhs.labels == rhs.labels && lhs.timestampMillis == rhs.timestampMillis
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}
