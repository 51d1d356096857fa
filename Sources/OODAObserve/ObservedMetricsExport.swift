import OODACore
import Prometheus
import Synchronization

/// The latest value of every observed metric, exported as the gauge family `ooda_observed_value`.
///
/// One family, with the observed name in the `metric` label, keeps any name a target or a service uses from
/// clashing with the stage's own figures or failing Prometheus' naming rules. A sample's own label that
/// collides with `metric` or `source` is exported as `exported_metric` or `exported_source`, as Prometheus
/// does on a scrape. Series absent from the latest observation are removed, so the export never shows stale values.
public final class ObservedMetricsExport: Sendable {
    /// The exported family's name.
    public static let familyName = "ooda_observed_value"
    private static var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: familyName,
            unitName: "",
            helpText: "Latest value of each observed metric; the metric label holds its name."
        )
    }

    private let registry: PrometheusCollectorRegistry
    private let gauges = Mutex<[String: Gauge]>([:])

    /// Creates an export into a registry.
    ///
    /// - Parameter registry: The registry served at `/metrics`, usually ``StageMetrics/registry``.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Replaces the exported values with those of an observation.
    ///
    /// - Parameter observation: The latest observation.
    public func update(with observation: Observation) {
        var fresh: [String: (labels: [(String, String)], value: Double)] = [:]
        for sample in observation.samples {
            let labels = Self.labels(of: sample)
            let key = labels.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{1F}")
            fresh[key] = (labels, sample.value)
        }
        gauges.withLock { gauges in
            for (key, gauge) in gauges where fresh[key] == nil {
                registry.unregisterGauge(gauge)
                gauges[key] = nil
            }
            for (key, entry) in fresh {
                let gauge =
                    gauges[key] ?? registry.makeGauge(descriptor: Self.descriptor, labels: entry.labels)
                gauges[key] = gauge
                gauge.set(to: entry.value)
            }
        }
    }

    private static func labels(of sample: MetricSample) -> [(String, String)] {
        var labels: [(String, String)] = [("metric", sample.name), ("source", sample.source)]
        for (name, value) in sample.labels.sorted(by: { $0.key < $1.key }) {
            let exported = name == "metric" || name == "source" ? "exported_" + name : name
            labels.append((exported, value))
        }
        return labels
    }
}
