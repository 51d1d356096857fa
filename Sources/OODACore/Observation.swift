/// Metric values sampled at one instant, with where each came from.
public struct Observation: Sendable, Codable, Equatable {
    public var samples: [MetricSample]

    public init(samples: [MetricSample]) {
        self.samples = samples
    }

    /// The value of the first sample with this name (and, when given, these labels), if any.
    public func value(of name: String, labels: [String: String]? = nil) -> Double? {
        samples.first { $0.name == name && (labels == nil || $0.labels == labels!) }?.value
    }
}

/// One metric value: a name, labels, the value and its origin.
public struct MetricSample: Sendable, Codable, Equatable {
    /// The metric name, for example `cpu_usage` or `http_requests_total`.
    public var name: String
    /// The value. NaN and infinities are carried as the strings `"NaN"`, `"+Inf"`, `"-Inf"` in JSON.
    public var value: Double
    /// Labels, as in Prometheus. Empty when none.
    public var labels: [String: String]
    /// Where the value came from: `proc`, `scrape:<url>`, `push`, `simulation`, …
    public var source: String

    public init(name: String, value: Double, labels: [String: String] = [:], source: String) {
        self.name = name
        self.value = value
        self.labels = labels
        self.source = source
    }

    private enum CodingKeys: String, CodingKey { case name, value, labels, source }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.value = try container.decode(Double.self, forKey: .value)
        self.labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.source = try container.decode(String.self, forKey: .source)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        if !labels.isEmpty { try container.encode(labels, forKey: .labels) }
        try container.encode(source, forKey: .source)
    }
}
