import OODACore

/// ooda's own decision policy: the Kalman policy's recommendation, behind guard rails.
///
/// In order: the confidence threshold of the mode (or `minConfidence`); in aggressive mode, a scale-up ahead
/// of a forecast breach; the scale-down stabilization window; the per-action cooldown; the replica bounds.
/// Every rail that changes the outcome is listed in ``Decision/guardRails``. After a scaling decision the
/// policy assumes the new replica count until an ``ActionOutcome`` says otherwise, so a replay without act
/// still sees its own scaling.
public struct OODADecisionPolicy: DecisionPolicy {
    /// The configuration it runs with.
    public let configuration: DecisionConfiguration
    public private(set) var snapshot: EngineSnapshot

    public var name: String { DecisionPolicyKind.ooda.rawValue }

    /// A policy that resumes from `snapshot` (a fresh one from an empty snapshot).
    public init(configuration: DecisionConfiguration, snapshot: EngineSnapshot = EngineSnapshot()) {
        self.configuration = configuration
        self.snapshot = snapshot
    }

    private var replicas: Int { snapshot.replicas ?? configuration.initialReplicas }

    public mutating func observe(_ outcome: ActionOutcome) {
        snapshot.replicas = outcome.state.replicas
    }

    public mutating func decide(_ orientation: Orientation, atNanos now: Int64) -> Decision {
        let c = configuration
        let proposed = orientation.recommended
        let threshold = c.threshold
        var action = proposed
        var rails: [GuardRail] = []
        var reasoning = orientation.reasoning
        func rail(_ name: String, to: Action, _ detail: String) {
            rails.append(GuardRail(name: name, from: action, to: to, detail: detail))
            action = to
        }

        if action != .noop {
            if orientation.confidence > threshold {
                reasoning.append(
                    "\(proposed) at confidence \(orientation.confidence.shown) clears the \(c.mode) threshold "
                        + "\(threshold.shown)"
                )
            } else {
                rail(
                    "threshold",
                    to: .noop,
                    "confidence \(orientation.confidence.shown) does not exceed the \(c.mode) threshold \(threshold.shown)"
                )
            }
        }
        if c.mode == .aggressive, action != .scaleUp, action != .rollback, let breach = forecastBreach(orientation) {
            rail("breachForecast", to: .scaleUp, breach)
        }

        let current = replicas
        let desired =
            switch action {
            case .scaleUp: current + c.scaleUpStep
            case .scaleDown: current - c.scaleDownStep
            default: current
            }
        let window = c.scaleDownStabilizationSeconds.nanoseconds
        if snapshot.decisions == 0 {
            // A fresh engine has seen nothing: it holds the current scale for one window before scaling down.
            snapshot.recommendations = [ReplicaRecommendation(timeNanos: now, replicas: current)]
        }
        let stable = snapshot.recommendations.within(window, of: now).map(\.replicas).max() ?? desired
        snapshot.recommendations.rememberForMaximum(
            ReplicaRecommendation(timeNanos: now, replicas: desired),
            window: window
        )
        if action == .scaleDown, stable >= current {
            rail(
                "stabilizationWindow",
                to: .noop,
                "a recommendation of \(stable) replicas within the last \(c.scaleDownStabilizationSeconds.shown) s "
                    + "holds the scale at \(current)"
            )
        }
        if action != .noop, let last = snapshot.lastActionNanos[action], let cooldown = c.cooldownSeconds[action] {
            let elapsed = now.seconds(since: last)
            if elapsed < cooldown {
                rail(
                    "cooldown",
                    to: .noop,
                    "\(action) was decided \(elapsed.shown) s ago; its cooldown is \(cooldown.shown) s"
                )
            }
        }
        var target: Int?
        if action == .scaleUp || action == .scaleDown {
            let bounded = min(max(desired, c.minReplicas), c.maxReplicas)
            if action == .scaleUp ? bounded <= current : bounded >= current {
                rail(
                    "replicaBounds",
                    to: .noop,
                    "\(current) replicas is already at the bound \(action == .scaleUp ? c.maxReplicas : c.minReplicas)"
                )
            } else {
                if bounded != desired {
                    rails.append(
                        GuardRail(
                            name: "replicaBounds",
                            from: action,
                            to: action,
                            detail: "limited to \(bounded) replicas (bounds \(c.minReplicas)...\(c.maxReplicas))"
                        )
                    )
                }
                target = bounded
                snapshot.replicas = bounded
                reasoning.append("scale \(current) → \(bounded) replicas")
            }
        }
        if action != .noop { snapshot.lastActionNanos[action] = now }
        snapshot.decisions += 1
        return Decision(
            action: action,
            proposed: proposed,
            confidence: orientation.confidence,
            mode: c.mode,
            threshold: threshold,
            reasoning: reasoning,
            guardRails: rails,
            policy: name,
            targetReplicas: target,
            engine: snapshot
        )
    }

    /// The first watched field (by name) whose trend reaches its limit within the horizon, as a sentence.
    ///
    /// Only the part of the trend beyond ``DecisionConfiguration/forecastConfidence`` standard deviations is
    /// projected, and only once the filter has warmed up, so that noise in the trend does not scale the target.
    private func forecastBreach(_ orientation: Orientation) -> String? {
        guard orientation.filter.steps >= UInt64(max(configuration.forecastMinimumSteps, 0)) else { return nil }
        for field in configuration.breachLimits.keys.sorted() {
            guard let limit = configuration.breachLimits[field], let level = orientation.level(of: field),
                let estimate = orientation.trend(of: field), level < limit
            else { continue }
            let deviation = orientation.trendDeviation(of: field) ?? 0
            let trend = estimate - configuration.forecastConfidence * deviation
            guard trend > 0 else { continue }
            let seconds = (limit - level) / trend
            if seconds <= configuration.horizonSeconds {
                return "\(field) \(level.shown) rising \(trend.shown)/s breaches \(limit.shown) in \(seconds.shown) s "
                    + "(horizon \(configuration.horizonSeconds.shown) s): scaling ahead"
            }
        }
        return nil
    }
}
