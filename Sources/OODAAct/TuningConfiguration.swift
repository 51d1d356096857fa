/// The tuning parameters an actuator adjusts on `retune`: by default η, γ and τ.
public struct TuningConfiguration: Sendable, Codable, Equatable {
    /// The parameters, in the order they are reported.
    public var parameters: [TuningParameter]

    public init(parameters: [TuningParameter] = [.eta, .gamma, .tau]) {
        self.parameters = parameters
    }

    public init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([TuningParameter].self) {
            self.init(parameters: list)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            parameters: try container.decodeIfPresent([TuningParameter].self, forKey: .parameters) ?? Self().parameters
        )
    }

    /// The values before any retune.
    public var initialValues: [String: Double] {
        Dictionary(parameters.map { ($0.name, $0.initial) }, uniquingKeysWith: { first, _ in first })
    }

    /// The values after one retune from `current`; a parameter missing from `current` starts at its initial value.
    ///
    /// Values of names that are not parameters are kept as they are.
    public func retuned(_ current: [String: Double]) -> [String: Double] {
        var next = current
        for parameter in parameters {
            next[parameter.name] = parameter.retuned(from: current[parameter.name] ?? parameter.initial)
        }
        return next
    }

    /// The sentence for a retune: `Retuned eta 0.1 → 0.08, gamma 0.9 → 0.92`, or why nothing changed.
    package func retuneDetails(from before: [String: Double], to after: [String: Double]) -> String {
        let changes = parameters.compactMap { parameter -> String? in
            let old = before[parameter.name] ?? parameter.initial
            guard let new = after[parameter.name], new != old else { return nil }
            return "\(parameter.name) \(Self.format(old)) → \(Self.format(new))"
        }
        if changes.isEmpty { return "Tuning already at its bounds; nothing to change" }
        return "Retuned " + changes.joined(separator: ", ")
    }

    package static func format(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
