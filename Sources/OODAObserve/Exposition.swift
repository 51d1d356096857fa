/// A parsed Prometheus text exposition (format 0.0.4): its families, its samples and the lines refused.
public struct Exposition: Sendable, Equatable {
    /// The metric families declared by `# TYPE` and `# HELP` lines, by name.
    public var families: [String: MetricFamily]
    /// The samples, in the order of the text.
    public var samples: [ExpositionSample]
    /// One error per refused line, with its line number; the other lines are kept.
    public var errors: [ObserveError]

    /// Creates an exposition.
    ///
    /// - Parameters:
    ///   - families: The declared families.
    ///   - samples: The samples.
    ///   - errors: The refused lines.
    public init(families: [String: MetricFamily] = [:], samples: [ExpositionSample] = [], errors: [ObserveError] = []) {
        self.families = families
        self.samples = samples
        self.errors = errors
    }

    /// The family a sample belongs to: its own name, or the histogram or summary it is a `_bucket`, `_sum`,
    /// `_count` or `_created` series of.
    ///
    /// - Parameter sampleName: A sample's metric name.
    /// - Returns: The family, when one was declared.
    public func family(of sampleName: String) -> MetricFamily? {
        if let family = families[sampleName] { return family }
        for suffix in ["_bucket", "_sum", "_count", "_created"] where sampleName.hasSuffix(suffix) {
            let base = String(sampleName.dropLast(suffix.count))
            if let family = families[base], family.type == .histogram || family.type == .summary { return family }
        }
        return nil
    }
}

/// A metric family's declared type and help.
public struct MetricFamily: Sendable, Equatable {
    /// The metric types of the text format.
    public enum MetricType: String, Sendable, Codable {
        case counter, gauge, histogram, summary, untyped
    }

    /// The family name.
    public var name: String
    /// The declared type; `untyped` when no `# TYPE` line was given.
    public var type: MetricType
    /// The unescaped help text, when a `# HELP` line was given.
    public var help: String?

    /// Creates a family.
    ///
    /// - Parameters:
    ///   - name: The family name.
    ///   - type: The declared type.
    ///   - help: The help text.
    public init(name: String, type: MetricType = .untyped, help: String? = nil) {
        self.name = name
        self.type = type
        self.help = help
    }
}

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
