import Foundation
import OODACore

/// Reads and validates the JSON a service pushes.
///
/// Two shapes are accepted, alone or together:
///
/// ```json
/// {"samples": [{"name": "http_errors", "value": 3, "labels": {"route": "/api"}}],
///  "metrics": {"omega_score": 0.95, "psi_index": 0.9, "beta_antifragile": 1.1},
///  "labels": {"service": "api"}}
/// ```
///
/// `samples` is `record_metric`: any name, value and labels. `metrics` is `update_matverse_metrics`: a map of
/// names to values. Top-level `labels` are added to every sample that does not set them itself.
package enum PushPayload {
    /// The most samples one push may carry.
    package static let maxSamples = 10_000
    /// The most labels one sample may carry.
    package static let maxLabels = 32
    /// The longest name or label value accepted.
    package static let maxTextLength = 1024

    /// Decodes and validates a payload.
    ///
    /// - Parameters:
    ///   - bytes: The JSON body.
    ///   - source: The `source` given to the samples, for example `push:http`.
    /// - Returns: The samples, in the order of the payload.
    /// - Throws: ``PushRefusal`` naming the payload's fault or every invalid sample.
    package static func samples(
        from bytes: some Collection<UInt8>,
        source: String
    ) throws(PushRefusal) -> [MetricSample] {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw PushRefusal(code: .invalidPayload, message: "the body is not valid JSON: \(error)")
        }
        guard case .object(let members) = root else {
            throw PushRefusal(code: .invalidPayload, message: "the body must be a JSON object with samples or metrics")
        }
        let unknown = Set(members.keys).subtracting(["samples", "metrics", "labels"])
        guard unknown.isEmpty else {
            throw PushRefusal(
                code: .invalidPayload,
                message: "unknown keys \(unknown.sorted()); use samples, metrics and labels"
            )
        }
        var common: [String: String] = [:]
        if let labels = members["labels"] {
            do throws(PushRefusal.RefusedSample) {
                common = try Self.labels(labels, index: -1, name: nil)
            } catch {
                throw PushRefusal(code: .invalidPayload, message: "top-level labels: \(error.reason)")
            }
        }
        var entries: [(name: JSONValue?, value: JSONValue?, labels: JSONValue?)] = []
        switch members["samples"] {
        case nil: break
        case .array(let items)?:
            for item in items {
                entries.append((item["name"], item["value"], item["labels"]))
            }
        default: throw PushRefusal(code: .invalidPayload, message: "samples must be an array of objects")
        }
        switch members["metrics"] {
        case nil: break
        case .object(let map)?:
            for (name, value) in map.sorted(by: { $0.key < $1.key }) { entries.append((.string(name), value, nil)) }
        default: throw PushRefusal(code: .invalidPayload, message: "metrics must be an object of names to numbers")
        }
        guard !entries.isEmpty else {
            throw PushRefusal(code: .invalidPayload, message: "the payload has no samples and no metrics")
        }
        guard entries.count <= maxSamples else {
            throw PushRefusal(
                code: .invalidPayload,
                message: "\(entries.count) samples; at most \(maxSamples) per push"
            )
        }
        var samples: [MetricSample] = []
        var refused: [PushRefusal.RefusedSample] = []
        for (index, entry) in entries.enumerated() {
            do throws(PushRefusal.RefusedSample) {
                let sample = try Self.sample(entry, index: index, common: common, source: source)
                samples.append(sample)
            } catch {
                refused.append(error)
            }
        }
        guard refused.isEmpty else {
            throw PushRefusal(
                code: .invalidSample,
                message: "\(refused.count) of \(entries.count) samples refused; nothing was ingested",
                refused: refused
            )
        }
        return samples
    }

    private static func sample(
        _ entry: (name: JSONValue?, value: JSONValue?, labels: JSONValue?),
        index: Int,
        common: [String: String],
        source: String
    ) throws(PushRefusal.RefusedSample) -> MetricSample {
        guard case .string(let name)? = entry.name else {
            throw .init(index: index, name: nil, reason: "name must be a string")
        }
        guard PushValidation.isMetricName(name), name.utf8.count <= maxTextLength else {
            throw .init(index: index, name: name, reason: "name must match [a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        guard case .number(let value)? = entry.value else {
            throw .init(index: index, name: name, reason: "value must be a number")
        }
        if let reason = PushValidation.valueProblem(name: name, value: value) {
            throw .init(index: index, name: name, reason: reason)
        }
        var labels = common
        if let given = entry.labels {
            labels.merge(try Self.labels(given, index: index, name: name)) { _, own in own }
        }
        return MetricSample(name: name, value: value, labels: labels, source: source)
    }

    private static func labels(
        _ value: JSONValue,
        index: Int,
        name: String?
    ) throws(PushRefusal.RefusedSample) -> [String: String] {
        guard case .object(let members) = value else {
            throw .init(index: index, name: name, reason: "labels must be an object of strings")
        }
        guard members.count <= maxLabels else {
            throw .init(index: index, name: name, reason: "\(members.count) labels; at most \(maxLabels)")
        }
        var labels: [String: String] = [:]
        for (key, value) in members {
            guard PushValidation.isLabelName(key) else {
                throw .init(
                    index: index,
                    name: name,
                    reason: "label name '\(key)' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __"
                )
            }
            guard case .string(let text) = value, text.utf8.count <= maxTextLength else {
                throw .init(
                    index: index,
                    name: name,
                    reason: "label \(key) must be a string of at most \(maxTextLength) bytes"
                )
            }
            labels[key] = text
        }
        return labels
    }
}

extension PushRefusal.RefusedSample: Error {}
