import OODACore

/// How one state field is read from a scrape target's series; decoded from the topology.
///
/// ```yaml
/// - field: throughput
///   series: http_requests_total
///   labels: { job: api }
///   rate: true
/// - field: latency_ms
///   series: http_request_duration_seconds
///   quantile: 0.99
///   rate: true
///   scale: 1000
/// ```
public struct SeriesMapping: Sendable, Equatable, Codable {
    /// How the values of several matching series are combined.
    public enum Aggregation: String, Sendable, Codable, NamedChoice {
        case sum, max, min, avg
    }

    /// The state field the value is published as: `omega_score`, `latency_ms`, or any custom name.
    public var field: String
    /// The series' metric name in the target; for a quantile, the histogram's or summary's base name.
    public var series: String
    /// Labels that must equal these values (a shorthand for `=` matchers).
    public var labels: [String: String]
    /// Further label matchers, with `=`, `!=`, `=~` or `!~`.
    public var matchers: [LabelMatcher]
    /// Whether the value is the per-second rate of a counter between two scrapes.
    public var rate: Bool
    /// A quantile, 0...1, read from a histogram's buckets or a summary's `quantile` label.
    public var quantile: Double?
    /// A factor applied to the result, for example 1000 for seconds to milliseconds.
    public var scale: Double
    /// How several matching series are combined.
    public var aggregation: Aggregation

    /// Creates a mapping.
    ///
    /// - Parameters:
    ///   - field: The state field published.
    ///   - series: The metric name in the target.
    ///   - labels: Labels that must be equal.
    ///   - matchers: Further label matchers.
    ///   - rate: Whether to take the per-second rate of a counter.
    ///   - quantile: A quantile of a histogram or summary.
    ///   - scale: A factor applied to the result.
    ///   - aggregation: How several matching series are combined.
    public init(
        field: String,
        series: String,
        labels: [String: String] = [:],
        matchers: [LabelMatcher] = [],
        rate: Bool = false,
        quantile: Double? = nil,
        scale: Double = 1,
        aggregation: Aggregation = .sum
    ) {
        self.field = field
        self.series = series
        self.labels = labels
        self.matchers = matchers
        self.rate = rate
        self.quantile = quantile
        self.scale = scale
        self.aggregation = aggregation
    }

    private enum CodingKeys: String, CodingKey {
        case field, series, labels, matchers, rate, quantile, scale, aggregation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        series = try container.decode(String.self, forKey: .series)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        matchers = try container.decodeIfPresent([LabelMatcher].self, forKey: .matchers) ?? []
        rate = try container.decodeIfPresent(Bool.self, forKey: .rate) ?? false
        quantile = try container.decodeIfPresent(Double.self, forKey: .quantile)
        scale = try container.decodeIfPresent(Double.self, forKey: .scale) ?? 1
        aggregation = try container.decodeIfPresent(Aggregation.self, forKey: .aggregation) ?? .sum
        if let quantile, !(0...1).contains(quantile) {
            throw DecodingError.dataCorruptedError(
                forKey: .quantile,
                in: container,
                debugDescription: "quantile \(quantile) of \(field) must be within 0...1"
            )
        }
    }
}
