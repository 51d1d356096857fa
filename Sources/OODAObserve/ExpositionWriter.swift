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
            let series = families[name, default: []].map { ($0, labelText($0.labels)) }.sorted { $0.1 < $1.1 }
            for (sample, labels) in series {
                text += "\(name)\(labels) \(format(sample.value))\n"
            }
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

    private static func labelText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escapeLabel($0.value))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    private static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    private static func escapeHelp(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}
