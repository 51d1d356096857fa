/// What decide chose to do, how sure it was, and why.
public struct Decision: Sendable, Codable, Equatable {
    /// The action to execute (``Action/noop`` when nothing should happen).
    public var action: Action
    /// The action the policy recommended before the guard rails.
    public var proposed: Action
    /// The confidence behind the proposed action, 0...1.
    public var confidence: Double
    /// The mode the engine ran in.
    public var mode: DecisionMode
    /// The confidence the proposed action had to exceed.
    public var threshold: Double
    /// Why, in sentences a person can read.
    public var reasoning: [String]
    /// The guard rails that changed the outcome, in the order they applied. Empty when none did.
    public var guardRails: [GuardRail]
    /// The policy that decided: `ooda` (the Kalman policy) or a baseline such as `hpa`.
    public var policy: String
    /// The replica count the decision aims at, when it is a scaling decision and the policy knows it.
    public var targetReplicas: Int?
    /// The engine's clocks after this decision, so that decide resumes exactly after a restart.
    public var engine: EngineSnapshot

    public init(
        action: Action,
        proposed: Action,
        confidence: Double,
        mode: DecisionMode,
        threshold: Double,
        reasoning: [String],
        guardRails: [GuardRail],
        policy: String = "ooda",
        targetReplicas: Int? = nil,
        engine: EngineSnapshot
    ) {
        self.action = action
        self.proposed = proposed
        self.confidence = confidence
        self.mode = mode
        self.threshold = threshold
        self.reasoning = reasoning
        self.guardRails = guardRails
        self.policy = policy
        self.targetReplicas = targetReplicas
        self.engine = engine
    }
}

/// A guard rail that changed a decision: which one, what it changed, and why.
public struct GuardRail: Sendable, Codable, Equatable {
    /// The rail's name: `threshold`, `cooldown`, `stabilizationWindow`, `replicaBounds`, `rateLimit`, …
    public var name: String
    /// The action before the rail applied.
    public var from: Action
    /// The action after it applied.
    public var to: Action
    /// A sentence a person can read.
    public var detail: String

    public init(name: String, from: Action, to: Action, detail: String) {
        self.name = name
        self.from = from
        self.to = to
        self.detail = detail
    }
}

/// The decision engine's state as plain values: enough to resume exactly after a restart.
public struct EngineSnapshot: Sendable, Codable, Equatable {
    /// The event time, in nanoseconds, at which each action was last decided.
    public var lastActionNanos: [Action: Int64]
    /// Recent scale recommendations (event time in nanoseconds, desired replicas) inside the stabilization window.
    public var recommendations: [ReplicaRecommendation]
    /// The replica count the engine believes the target has (from the last ActionOutcome), if known.
    public var replicas: Int?
    /// How many decisions the engine has made.
    public var decisions: UInt64

    public init(
        lastActionNanos: [Action: Int64] = [:],
        recommendations: [ReplicaRecommendation] = [],
        replicas: Int? = nil,
        decisions: UInt64 = 0
    ) {
        self.lastActionNanos = lastActionNanos
        self.recommendations = recommendations
        self.replicas = replicas
        self.decisions = decisions
    }
}

/// One replica recommendation remembered for the scale-down stabilization window.
public struct ReplicaRecommendation: Sendable, Codable, Equatable {
    public var timeNanos: Int64
    public var replicas: Int

    public init(timeNanos: Int64, replicas: Int) {
        self.timeNanos = timeNanos
        self.replicas = replicas
    }
}
