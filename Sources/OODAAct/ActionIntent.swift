import OODACore

/// What act is about to do, written durably before the actuator is called.
///
/// It carries the target's state before the action and the absolute effect expected, so that after a crash
/// reconciliation can tell, from the target's state alone, whether the action happened.
public struct ActionIntent: Sendable, Codable, Equatable {
    /// The decision this intent executes.
    public var decision: EventID
    /// The action to execute.
    public var action: Action
    /// The actuator's ``Actuator/kind``.
    public var actuator: String
    /// The decision's event time, in nanoseconds: the clock of the rate limit.
    public var decisionTimeNanos: Int64
    /// The target's state read just before the intent was written.
    public var stateBefore: TargetState
    /// The replica count the action sets: absolute, so that executing it again cannot scale twice.
    public var targetReplicas: Int

    public init(
        decision: EventID,
        action: Action,
        actuator: String,
        decisionTimeNanos: Int64,
        stateBefore: TargetState,
        targetReplicas: Int
    ) {
        self.decision = decision
        self.action = action
        self.actuator = actuator
        self.decisionTimeNanos = decisionTimeNanos
        self.stateBefore = stateBefore
        self.targetReplicas = targetReplicas
    }

    /// What the target's state says about an intent left without an outcome.
    public enum Verdict: Sendable, Equatable {
        /// The state shows the expected effect.
        case happened
        /// The state is as it was before the intent, in what the action changes.
        case notHappened
        /// The state is neither: something else changed the target.
        case diverged
    }

    /// Judges, from the target's current state, whether this intent's action happened.
    ///
    /// Scaling is judged on the replica count; a rollback on the revision, which changes whichever way the
    /// actuator counts (the mock goes back a number, Kubernetes writes a new one); a retune on the tuning values.
    public func verdict(current: TargetState) -> Verdict {
        switch action {
        case .scaleUp, .scaleDown:
            if current.replicas == targetReplicas { return .happened }
            if current.replicas == stateBefore.replicas { return .notHappened }
            return .diverged
        case .rollback:
            return current.revision != stateBefore.revision ? .happened : .notHappened
        case .retune:
            return current.tuning != stateBefore.tuning ? .happened : .notHappened
        case .noop:
            return .happened
        }
    }
}
