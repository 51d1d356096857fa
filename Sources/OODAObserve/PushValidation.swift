import OODACore

/// The rules a pushed sample must follow: Prometheus names, finite values, health scores in their ranges.
package enum PushValidation {
    /// Whether `name` is a Prometheus metric name.
    package static func isMetricName(_ name: String) -> Bool {
        isName(name, colon: true)
    }

    /// Whether `name` is a label name a client may set: a Prometheus label name not reserved by `__`.
    package static func isLabelName(_ name: String) -> Bool {
        isName(name, colon: false) && !name.hasPrefix("__")
    }

    /// What is wrong with `value` for the metric `name`, or `nil` when it is acceptable.
    ///
    /// - Parameters:
    ///   - name: The metric name.
    ///   - value: The value pushed.
    /// - Returns: The reason for refusing it, or `nil`.
    package static func valueProblem(name: String, value: Double) -> String? {
        guard value.isFinite else { return "value must be finite, not \(value)" }
        switch name {
        case MetricName.omegaScore, MetricName.psiIndex, MetricName.cpuUsage, MetricName.memoryUsage:
            return (0...1).contains(value) ? nil : "\(name) must be within 0...1, not \(value)"
        case MetricName.betaAntifragile, MetricName.latencyMs, MetricName.throughput:
            return value >= 0 ? nil : "\(name) must not be negative, not \(value)"
        default:
            return nil
        }
    }

    /// Every sample that breaks a rule, with its index and the reason.
    ///
    /// - Parameter samples: The samples to check.
    /// - Returns: The refusals; empty when every sample is valid.
    package static func refusals(of samples: [MetricSample]) -> [PushRefusal.RefusedSample] {
        var refused: [PushRefusal.RefusedSample] = []
        for (index, sample) in samples.enumerated() {
            var reason: String?
            if !isMetricName(sample.name) {
                reason = "name must match [a-zA-Z_:][a-zA-Z0-9_:]*"
            } else if let problem = valueProblem(name: sample.name, value: sample.value) {
                reason = problem
            } else if let bad = sample.labels.keys.sorted().first(where: { !isLabelName($0) }) {
                reason = "label name '\(bad)' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __"
            }
            if let reason { refused.append(.init(index: index, name: sample.name, reason: reason)) }
        }
        return refused
    }

    private static func isName(_ name: String, colon: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        for (offset, byte) in name.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where offset > 0:
                continue
            case UInt8(ascii: ":") where colon:
                continue
            default:
                return false
            }
        }
        return true
    }
}
