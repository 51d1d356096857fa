import OODACore

/// Writes samples in the Prometheus text exposition format 0.0.4, as gauges.
package enum ExpositionWriter {
    /// Renders samples grouped by name, each family with `# HELP` and `# TYPE gauge`, names and labels sorted.
    ///
    /// - Parameters:
    ///   - samples: The samples; their names must be valid metric names.
    ///   - help: The help text of a family, by name.
    /// - Returns: The exposition text.
    package static func render(_ samples: [MetricSample], help: (String) -> String) -> String {
        var families: [String: [MetricSample]] = [:]
        for sample in samples { families[sample.name, default: []].append(sample) }
        var text = ""
        for name in families.keys.sorted() {
            text += "# HELP \(name) \(escapeHelp(help(name)))\n# TYPE \(name) gauge\n"
            // Every series of a family starts with its name, so they sort by their labels.
            let lines = families[name, default: []].map { ($0.series, $0.value) }.sorted { $0.0 < $1.0 }
            for (series, value) in lines { text += "\(series) \(format(value))\n" }
        }
        return text
    }

    /// A value as the format writes it: `NaN`, `+Inf`, `-Inf` or a decimal.
    package static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func escapeHelp(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}
