import OODACore

/// The decide stage's brain, as a pure state machine: orientations and action outcomes in, decisions out.
///
/// `(state, Orientation at its event time, latest ActionOutcome, configuration) → (state, Decision)`. The
/// state is the conforming value; ``snapshot`` rides in every ``Decision`` so that decide resumes exactly.
/// Implementations read no clock and draw no random numbers.
public protocol DecisionPolicy: Sendable {
    /// The name written into ``Decision/policy``: `ooda` or `hpa`.
    var name: String { get }
    /// The state as plain values.
    var snapshot: EngineSnapshot { get }
    /// Learns the target's state from an action outcome (the replica count).
    mutating func observe(_ outcome: ActionOutcome)
    /// Decides what to do about an orientation made at `timeNanos` (its envelope's event time).
    mutating func decide(_ orientation: Orientation, atNanos timeNanos: Int64) -> Decision
}

/// The policies decide can run, by name.
public enum DecisionPolicyKind: String, Sendable, Codable, NamedChoice, CustomStringConvertible {
    /// The Kalman policy's recommendation behind thresholds, cooldowns and stabilization.
    case ooda
    /// The Kubernetes HPA algorithm, as a baseline for comparison.
    case hpa

    public var description: String { rawValue }

    /// A fresh policy of this kind, or one that resumes from the last decision it made.
    ///
    /// - Throws: ``PolicyError``: `invalidConfiguration`, or `snapshotMismatch` when the decision was made
    ///   by another policy.
    public func makePolicy(
        configuration: DecisionConfiguration,
        resumingFrom last: Decision? = nil
    )
        throws(PolicyError) -> any DecisionPolicy
    {
        try configuration.validate()
        if let last, last.policy != rawValue {
            throw PolicyError(
                .snapshotMismatch,
                "the last decision was made by the '\(last.policy)' policy, not '\(rawValue)'; start fresh"
            )
        }
        let snapshot = last?.engine ?? EngineSnapshot()
        switch self {
        case .ooda: return OODADecisionPolicy(configuration: configuration, snapshot: snapshot)
        case .hpa: return HPADecisionPolicy(configuration: configuration, snapshot: snapshot)
        }
    }
}
