import OODACore

/// How an actuator scales: the steps of `scaleUp` and `scaleDown`, and the bounds on replicas.
///
/// Decodes from the topology file with every field optional: `{min: 2, max: 10}` keeps the steps +2 and −1.
public struct ReplicaPolicy: Sendable, Codable, Equatable {
    /// The fewest replicas the target may have.
    public var minReplicas: Int
    /// The most replicas the target may have.
    public var maxReplicas: Int
    /// Replicas added by `scaleUp`.
    public var scaleUpStep: Int
    /// Replicas removed by `scaleDown`.
    public var scaleDownStep: Int

    public init(minReplicas: Int = 2, maxReplicas: Int = 10, scaleUpStep: Int = 2, scaleDownStep: Int = 1) {
        self.minReplicas = minReplicas
        self.maxReplicas = max(minReplicas, maxReplicas)
        self.scaleUpStep = scaleUpStep
        self.scaleDownStep = scaleDownStep
    }

    private enum CodingKeys: String, CodingKey {
        case minReplicas = "min"
        case maxReplicas = "max"
        case scaleUpStep, scaleDownStep
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ReplicaPolicy()
        self.init(
            minReplicas: try container.decodeIfPresent(Int.self, forKey: .minReplicas) ?? defaults.minReplicas,
            maxReplicas: try container.decodeIfPresent(Int.self, forKey: .maxReplicas) ?? defaults.maxReplicas,
            scaleUpStep: try container.decodeIfPresent(Int.self, forKey: .scaleUpStep) ?? defaults.scaleUpStep,
            scaleDownStep: try container.decodeIfPresent(Int.self, forKey: .scaleDownStep) ?? defaults.scaleDownStep
        )
    }

    /// Clamps a replica count to the bounds.
    public func clamped(_ replicas: Int) -> Int {
        min(max(replicas, minReplicas), maxReplicas)
    }

    /// The replica count an action aims at, within the bounds.
    ///
    /// - Parameters:
    ///   - action: The action; only `scaleUp` and `scaleDown` change the count.
    ///   - current: The current replica count.
    ///   - requested: The count the decision asked for, which replaces the step when present.
    /// - Returns: The count to reach; `current` for actions that do not scale.
    public func desiredReplicas(for action: Action, current: Int, requested: Int? = nil) -> Int {
        switch action {
        case .scaleUp: clamped(requested ?? current + scaleUpStep)
        case .scaleDown: clamped(requested ?? current - scaleDownStep)
        case .retune, .rollback, .noop: current
        }
    }

    /// The sentence for a scaling result: `Scaled 3 → 5 replicas`, or why nothing changed.
    package func scalingDetails(from before: Int, to after: Int) -> String {
        if before != after { return "Scaled \(before) → \(after) replicas" }
        if after >= maxReplicas { return "Already at the maximum of \(maxReplicas) replicas; nothing to change" }
        if after <= minReplicas { return "Already at the minimum of \(minReplicas) replicas; nothing to change" }
        return "Already at \(after) replicas; nothing to change"
    }
}
