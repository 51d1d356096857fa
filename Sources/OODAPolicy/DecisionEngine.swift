import OODACore

/// The decision engine as a library user meets it: a decision policy plus callbacks per action.
///
/// The policy is the pure core (``DecisionPolicy``); the callbacks run after each pure step, outside it, so
/// the same decisions come out with or without them. ``handle(_:)`` is the decide stage's whole loop body.
public struct DecisionEngine: Sendable {
    /// What a callback receives: the decision just made.
    public typealias ActionCallback = @Sendable (Decision) -> Void

    /// The pure policy and its state.
    public private(set) var policy: any DecisionPolicy
    private var callbacks: [Action: [ActionCallback]] = [:]

    /// An engine running `configuration`'s policy, fresh or resumed from the last decision it made.
    ///
    /// - Throws: ``PolicyError``: `invalidConfiguration`, or `snapshotMismatch` when the last decision came
    ///   from another policy.
    public init(
        configuration: DecisionConfiguration = DecisionConfiguration(),
        resumingFrom last: Decision? = nil
    )
        throws(PolicyError)
    {
        policy = try configuration.policy.makePolicy(configuration: configuration, resumingFrom: last)
    }

    /// An engine running ooda's policy in `mode`, optionally with its own confidence threshold.
    ///
    /// - Throws: ``PolicyError`` when `minConfidence` is outside 0...1.
    public init(mode: DecisionMode, minConfidence: Double? = nil) throws(PolicyError) {
        try self.init(configuration: DecisionConfiguration(mode: mode, minConfidence: minConfidence))
    }

    /// The engine's state as plain values (also in every decision it makes).
    public var snapshot: EngineSnapshot { policy.snapshot }

    /// Calls `callback` with every decision whose action is `action`, after the decision is made.
    public mutating func registerActionCallback(_ action: Action, _ callback: @escaping ActionCallback) {
        callbacks[action, default: []].append(callback)
    }

    /// Decides about `orientation`, made at `timeNanos`, then runs the callbacks registered for the action.
    public mutating func makeDecision(_ orientation: Orientation, atNanos timeNanos: Int64) -> Decision {
        let decision = policy.decide(orientation, atNanos: timeNanos)
        for callback in callbacks[decision.action] ?? [] { callback(decision) }
        return decision
    }

    /// Learns the target's state from an action outcome.
    public mutating func observe(_ outcome: ActionOutcome) {
        policy.observe(outcome)
    }

    /// The decide stage's step: an orientation yields a decision, an action outcome updates the state, and
    /// any other envelope is ignored.
    public mutating func handle(_ envelope: Envelope) -> Decision? {
        switch envelope.body {
        case .orientation(let orientation): return makeDecision(orientation, atNanos: envelope.timeNanos)
        case .actionOutcome(let outcome):
            observe(outcome)
            return nil
        default: return nil
        }
    }
}
