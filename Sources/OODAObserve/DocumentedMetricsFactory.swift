import CoreMetrics
import Prometheus

/// A swift-metrics factory over a Prometheus registry that gives each known metric its `# HELP` text and buckets.
///
/// swift-prometheus' own factory registers every metric without help text, which `promtool check metrics`
/// refuses; a metric described here is registered with its help instead, and any other falls back to it.
public struct DocumentedMetricsFactory: MetricsFactory {
    /// The help text, and for a timer or recorder the buckets, of one metric.
    public struct Description: Sendable {
        /// The `# HELP` text.
        public var help: String
        /// Histogram buckets for a timer.
        public var durationBuckets: [Duration]?
        /// Histogram buckets for an aggregating recorder.
        public var valueBuckets: [Double]?

        /// Creates a description.
        ///
        /// - Parameters:
        ///   - help: The `# HELP` text.
        ///   - durationBuckets: Buckets for a timer.
        ///   - valueBuckets: Buckets for an aggregating recorder.
        public init(help: String, durationBuckets: [Duration]? = nil, valueBuckets: [Double]? = nil) {
            self.help = help
            self.durationBuckets = durationBuckets
            self.valueBuckets = valueBuckets
        }
    }

    /// The registry metrics are created in.
    public let registry: PrometheusCollectorRegistry
    private let descriptions: [String: Description]
    private let fallback: PrometheusMetricsFactory

    /// Creates a factory.
    ///
    /// - Parameters:
    ///   - registry: The registry metrics are created in.
    ///   - descriptions: Help texts and buckets by metric label.
    public init(registry: PrometheusCollectorRegistry, descriptions: [String: Description]) {
        self.registry = registry
        self.descriptions = descriptions
        self.fallback = PrometheusMetricsFactory(registry: registry)
    }

    private func descriptor(_ label: String, _ description: Description) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: description.help)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let description = descriptions[label] else {
            return fallback.makeCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: descriptor(label, description), labels: dimensions)
    }

    public func makeFloatingPointCounter(
        label: String,
        dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        guard let description = descriptions[label] else {
            return fallback.makeFloatingPointCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: descriptor(label, description), labels: dimensions)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let description = descriptions[label] else {
            return fallback.makeMeter(label: label, dimensions: dimensions)
        }
        return registry.makeGauge(descriptor: descriptor(label, description), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let description = descriptions[label] else {
            return fallback.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        guard aggregate else {
            return registry.makeGauge(descriptor: descriptor(label, description), labels: dimensions)
        }
        return registry.makeValueHistogram(
            descriptor: descriptor(label, description),
            labels: dimensions,
            buckets: description.valueBuckets ?? fallback.defaultValueHistogramBuckets
        )
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let description = descriptions[label] else {
            return fallback.makeTimer(label: label, dimensions: dimensions)
        }
        return registry.makeDurationHistogram(
            descriptor: descriptor(label, description),
            labels: dimensions,
            buckets: description.durationBuckets ?? fallback.defaultDurationHistogramBuckets
        )
    }

    public func destroyCounter(_ handler: any CounterHandler) { fallback.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        fallback.destroyFloatingPointCounter(handler)
    }
    public func destroyMeter(_ handler: any MeterHandler) { fallback.destroyMeter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { fallback.destroyRecorder(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { fallback.destroyTimer(handler) }
}
