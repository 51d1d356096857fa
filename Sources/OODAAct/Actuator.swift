import OODACore

/// Something act can change: a mock, local processes, a Kubernetes Deployment.
///
/// An actuator executes one action at a time and reports what happened; it never throws from
/// ``execute(_:decision:targetReplicas:)``, because a failure is an outcome the loop must see, not an exception
/// that stops it. ``ActionExecutor`` wraps an actuator with the intent journal that makes every decision execute
/// exactly once.
public protocol Actuator: Sendable {
    /// The actuator's name in outcomes: `mock`, `process`, `kubernetes`.
    var kind: String { get }

    /// How the actuator scales: steps and bounds.
    var scaling: ReplicaPolicy { get }

    /// Executes one action and reports the result.
    ///
    /// - Parameters:
    ///   - action: The action to execute.
    ///   - decision: The decision it executes, for logs and for the target's annotations where it has some.
    ///   - targetReplicas: The replica count to reach when the action scales; `nil` lets the actuator apply its
    ///     steps to the current count. The count is clamped to the bounds.
    /// - Returns: The result, failed with clear details when the action could not be executed.
    func execute(_ action: Action, decision: EventID, targetReplicas: Int?) async -> ActuatorResult

    /// Reads the target's state now, without changing it.
    ///
    /// - Throws: ``ActuatorError`` when the target cannot be read.
    func currentState() async throws -> TargetState
}
