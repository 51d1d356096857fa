import OODACore

/// What an actuator reports after executing one action.
public struct ActuatorResult: Sendable, Equatable {
    /// Whether the action did what it meant to.
    public var success: Bool
    /// What happened, for a person: `Scaled 3 → 5 replicas`, or the error.
    public var details: String
    /// How long the actuator took, in nanoseconds.
    public var executionNanos: Int64
    /// The target's state after the action.
    public var state: TargetState

    public init(success: Bool, details: String, executionNanos: Int64, state: TargetState) {
        self.success = success
        self.details = details
        self.executionNanos = executionNanos
        self.state = state
    }

    /// The outcome act publishes for this result.
    ///
    /// - Parameters:
    ///   - decision: The decision executed.
    ///   - action: The action executed.
    ///   - actuator: The actuator's ``Actuator/kind``.
    ///   - reconciled: True when the outcome was found by reconciliation after a restart.
    public func outcome(
        decision: EventID,
        action: Action,
        actuator: String,
        reconciled: Bool = false
    )
        -> ActionOutcome
    {
        ActionOutcome(
            decision: decision,
            action: action,
            success: success,
            details: details,
            executionNanos: executionNanos,
            actuator: actuator,
            state: state,
            reconciled: reconciled
        )
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    package var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return Int64.max }
        return scaled &+ attoseconds / 1_000_000_000
    }
}
