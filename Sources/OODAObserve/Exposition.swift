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
