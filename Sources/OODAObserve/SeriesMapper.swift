import OODACore

/// Turns a scraped exposition into state fields, following the configured ``SeriesMapping``s.
///
/// Pure apart from its memory of the previous scrape, which rates need: the time comes from the caller.
package struct SeriesMapper {
    private struct CompiledMatcher {
        var matcher: LabelMatcher
        var regex: Regex<AnyRegexOutput>?

        func accepts(_ labels: [String: String]) -> Bool {
            let value = labels[matcher.label] ?? ""
            switch matcher.op {
            case .equal: return value == matcher.value
            case .notEqual: return value != matcher.value
            case .matches: return regex.map { value.wholeMatch(of: $0) != nil } ?? false
            case .notMatches: return regex.map { value.wholeMatch(of: $0) == nil } ?? true
            }
        }
    }

    private struct CompiledMapping {
        var mapping: SeriesMapping
        var matchers: [CompiledMatcher]

        func accepts(_ labels: [String: String]) -> Bool { matchers.allSatisfy { $0.accepts(labels) } }
    }

    private let mappings: [CompiledMapping]
    private var previous: [String: Double] = [:]
    private var previousAtNanos: Int64?

    /// Compiles the mappings.
    ///
    /// - Parameter mappings: The mappings, in the order their fields are published.
    /// - Throws: ``ObserveError`` with code `invalidConfiguration` when a regular expression does not compile.
    package init(_ mappings: [SeriesMapping]) throws(ObserveError) {
        var compiled: [CompiledMapping] = []
        for mapping in mappings {
            var matchers = mapping.labels.sorted { $0.key < $1.key }.map {
                CompiledMatcher(matcher: LabelMatcher(label: $0.key, value: $0.value), regex: nil)
            }
            for matcher in mapping.matchers {
                var regex: Regex<AnyRegexOutput>?
                if matcher.op == .matches || matcher.op == .notMatches {
                    do {
                        regex = try Regex(matcher.value)
                    } catch {
                        throw ObserveError(
                            .invalidConfiguration,
                            "the regex '\(matcher.value)' for label \(matcher.label) does not compile: \(error)",
                            location: "mapping of \(mapping.field)"
                        )
                    }
                }
                matchers.append(CompiledMatcher(matcher: matcher, regex: regex))
            }
            compiled.append(CompiledMapping(mapping: mapping, matchers: matchers))
        }
        self.mappings = compiled
    }

    /// Maps one scrape to samples of the configured fields.
    ///
    /// A field with no matching series, or a rate on the first scrape, yields no sample; the first is reported
    /// as a problem, the second is expected.
    ///
    /// - Parameters:
    ///   - exposition: The parsed scrape.
    ///   - atNanos: When the scrape was taken.
    ///   - source: The `source` of the samples.
    /// - Returns: The samples and the problems met, one line each.
    package mutating func map(
        _ exposition: Exposition,
        atNanos: Int64,
        source: String
    ) -> (samples: [MetricSample], problems: [String]) {
        var byName: [String: [ExpositionSample]] = [:]
        for sample in exposition.samples { byName[sample.name, default: []].append(sample) }
        let elapsedSeconds = previousAtNanos.map { Double(atNanos - $0) / 1e9 }
        var current: [String: Double] = [:]
        var samples: [MetricSample] = []
        var problems: [String] = []
        for compiled in mappings {
            let mapping = compiled.mapping
            let value: Double?
            if let quantile = mapping.quantile {
                let buckets = (byName[mapping.series + "_bucket"] ?? []).filter { compiled.accepts($0.labels) }
                if !buckets.isEmpty {
                    value = histogramQuantile(quantile, buckets, mapping, elapsedSeconds, &current)
                } else {
                    let quantiles = (byName[mapping.series] ?? []).filter {
                        compiled.accepts($0.labels) && $0.labels["quantile"].flatMap(Double.init) == quantile
                    }
                    if quantiles.isEmpty {
                        problems.append("\(mapping.field): no histogram or summary \(mapping.series) matched")
                        continue
                    }
                    value = Self.aggregate(quantiles.map(\.value), mapping.aggregation)
                }
            } else {
                let matched = (byName[mapping.series] ?? []).filter { compiled.accepts($0.labels) }
                if matched.isEmpty {
                    problems.append("\(mapping.field): no series \(mapping.series) matched")
                    continue
                }
                if mapping.rate {
                    let rates = matched.compactMap { rate(of: $0, elapsedSeconds, &current) }
                    value = rates.isEmpty ? nil : Self.aggregate(rates, mapping.aggregation)
                } else {
                    value = Self.aggregate(matched.map(\.value), mapping.aggregation)
                }
            }
            guard let value, value.isFinite else { continue }
            samples.append(MetricSample(name: mapping.field, value: value * mapping.scale, source: source))
        }
        previous = current
        previousAtNanos = atNanos
        return (samples, problems)
    }

    /// The per-second increase of a counter since the previous scrape; a lower value is a reset, as in PromQL.
    private func rate(of sample: ExpositionSample, _ elapsed: Double?, _ current: inout [String: Double]) -> Double? {
        let key = Self.key(sample.name, sample.labels)
        current[key] = sample.value
        guard let elapsed, elapsed > 0, let before = previous[key] else { return nil }
        let increase = sample.value >= before ? sample.value - before : sample.value
        return increase / elapsed
    }

    private func histogramQuantile(
        _ quantile: Double,
        _ buckets: [ExpositionSample],
        _ mapping: SeriesMapping,
        _ elapsed: Double?,
        _ current: inout [String: Double]
    ) -> Double? {
        var counts: [Double: Double] = [:]
        for bucket in buckets {
            guard let bound = bucket.labels["le"].flatMap(ExpositionParser.value) else { continue }
            var count = bucket.value
            if mapping.rate {
                guard let increase = rate(of: bucket, elapsed, &current) else { continue }
                count = increase
            }
            counts[bound, default: 0] += count
        }
        return HistogramQuantile.estimate(
            quantile,
            buckets: counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        )
    }

    private static func aggregate(_ values: [Double], _ aggregation: SeriesMapping.Aggregation) -> Double? {
        guard !values.isEmpty else { return nil }
        switch aggregation {
        case .sum: return values.reduce(0, +)
        case .max: return values.max()
        case .min: return values.min()
        case .avg: return values.reduce(0, +) / Double(values.count)
        }
    }

    private static func key(_ name: String, _ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.reduce(into: name) { $0 += "\u{1F}\($1.key)=\($1.value)" }
    }
}
