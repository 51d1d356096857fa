import OODACore

/// An actuator that changes nothing outside itself: replicas, revisions and tuning held in memory.
///
/// It keeps the seed's semantics: it starts at 3 replicas with bounds 2...10, `scaleUp` adds 2 and `scaleDown`
/// removes 1 within the bounds, `rollback` returns to the previous revision, `retune` moves η, γ and τ one step
/// within their bounds, and `noop` does nothing. It is the default actuator of the local demo and of tests.
public actor MockActuator: Actuator {
    public nonisolated let kind = "mock"
    public nonisolated let scaling: ReplicaPolicy
    private let configuration: MockActuatorConfiguration
    private var state: TargetState

    public init(configuration: MockActuatorConfiguration = MockActuatorConfiguration()) {
        self.configuration = configuration
        self.scaling = configuration.scaling
        self.state = TargetState(
            replicas: configuration.scaling.clamped(configuration.initialReplicas),
            minReplicas: configuration.scaling.minReplicas,
            maxReplicas: configuration.scaling.maxReplicas,
            revision: configuration.revision,
            tuning: configuration.tuning.initialValues
        )
    }

    public func execute(_ action: Action, decision: EventID, targetReplicas: Int?) async -> ActuatorResult {
        let clock = ContinuousClock()
        let start = clock.now
        if configuration.latencyMilliseconds > 0 {
            // The simulated latency of a real actuator; cancellation only shortens it.
            try? await Task.sleep(for: .microseconds(Int64(configuration.latencyMilliseconds * 1000)))
        }
        let (success, details) = apply(action, targetReplicas: targetReplicas)
        return ActuatorResult(
            success: success,
            details: details,
            executionNanos: (clock.now - start).wholeNanoseconds,
            state: state
        )
    }

    public func currentState() -> TargetState { state }

    private func apply(_ action: Action, targetReplicas: Int?) -> (Bool, String) {
        switch action {
        case .scaleUp, .scaleDown:
            let before = state.replicas
            state.replicas = scaling.desiredReplicas(for: action, current: before, requested: targetReplicas)
            return (true, scaling.scalingDetails(from: before, to: state.replicas))
        case .rollback:
            guard state.revision > 1 else {
                return (false, "No previous revision: the mock is at revision \(state.revision); nothing rolled back")
            }
            state.revision -= 1
            return (true, "Rolled back from revision \(state.revision + 1) to \(state.revision)")
        case .retune:
            let before = state.tuning
            state.tuning = configuration.tuning.retuned(before)
            return (true, configuration.tuning.retuneDetails(from: before, to: state.tuning))
        case .noop:
            return (true, "No action")
        }
    }
}
