/// What happened when act executed a decision.
public struct ActionOutcome: Sendable, Codable, Equatable {
    /// The decision this outcome executes.
    public var decision: EventID
    /// The action executed.
    public var action: Action
    /// Whether the action did what it meant to.
    public var success: Bool
    /// What happened, for a person: `Scaled 3 → 5 replicas`, `Rolled back to revision 4`, the error.
    public var details: String
    /// How long the actuator took, in nanoseconds (measured by act; not an event time).
    public var executionNanos: Int64
    /// The actuator that executed it: `mock`, `process`, `kubernetes`.
    public var actuator: String
    /// The target's state after the action.
    public var state: TargetState
    /// True when act found this decision already executed (after a restart) and reports it instead of
    /// executing it again.
    public var reconciled: Bool

    public init(
        decision: EventID,
        action: Action,
        success: Bool,
        details: String,
        executionNanos: Int64,
        actuator: String,
        state: TargetState,
        reconciled: Bool = false
    ) {
        self.decision = decision
        self.action = action
        self.success = success
        self.details = details
        self.executionNanos = executionNanos
        self.actuator = actuator
        self.state = state
        self.reconciled = reconciled
    }
}

/// The state of the thing act changes.
public struct TargetState: Sendable, Codable, Equatable {
    public var replicas: Int
    public var minReplicas: Int
    public var maxReplicas: Int
    /// The current revision (of the Deployment, the command, or the mock).
    public var revision: Int
    /// Tuning parameters, for example `eta`, `gamma`, `tau`.
    public var tuning: [String: Double]
    /// Replicas that died since the last outcome (the process actuator notices them).
    public var lostReplicas: Int

    public init(
        replicas: Int,
        minReplicas: Int,
        maxReplicas: Int,
        revision: Int,
        tuning: [String: Double] = [:],
        lostReplicas: Int = 0
    ) {
        self.replicas = replicas
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.revision = revision
        self.tuning = tuning
        self.lostReplicas = lostReplicas
    }
}
