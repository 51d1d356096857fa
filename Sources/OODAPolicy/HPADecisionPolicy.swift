import OODACore

/// The Kubernetes HorizontalPodAutoscaler's algorithm, as a baseline decide can run instead of ooda's policy.
///
/// Every sync period: `desired = ceil(current × metric / target)` for each metric (nothing when the ratio is
/// within the tolerance of 1), the largest over metrics; then stabilization (the highest recommendation of
/// the scale-down window, the lowest of the scale-up window), the scale-up rate limit (the larger of the
/// `Percent` and `Pods` policies per period), the scale-down rate limit, and the replica bounds. It reads the
/// filtered level of each metric, as the HPA reads a metric averaged over its window. Between syncs it
/// decides ``Action/noop``.
public struct HPADecisionPolicy: DecisionPolicy {
    /// The configuration it runs with; ``DecisionConfiguration/hpa`` holds the HPA's own settings.
    public let configuration: DecisionConfiguration
    public private(set) var snapshot: EngineSnapshot

    public var name: String { DecisionPolicyKind.hpa.rawValue }

    /// A policy that resumes from `snapshot` (a fresh one from an empty snapshot).
    public init(configuration: DecisionConfiguration, snapshot: EngineSnapshot = EngineSnapshot()) {
        self.configuration = configuration
        self.snapshot = snapshot
    }

    public mutating func observe(_ outcome: ActionOutcome) {
        snapshot.replicas = outcome.state.replicas
    }

    public mutating func decide(_ orientation: Orientation, atNanos now: Int64) -> Decision {
        let c = configuration
        let hpa = c.hpa
        let current = snapshot.replicas ?? c.initialReplicas
        // The time of the last sync is the latest time any action (noop included) was decided.
        if let lastSync = snapshot.lastActionNanos.values.max(), now.seconds(since: lastSync) < hpa.syncPeriodSeconds {
            snapshot.decisions += 1
            return decision(
                .noop,
                proposed: .noop,
                reasoning: ["between HPA syncs (every \(hpa.syncPeriodSeconds.shown) s)"],
                rails: [],
                target: nil
            )
        }
        var reasoning: [String] = []
        var desired: Int?
        for metric in hpa.metrics {
            guard let value = orientation.level(of: metric.field) else {
                reasoning.append("\(metric.field) is not in the orientation; the HPA skips it")
                continue
            }
            let ratio = value / metric.target
            let proposal = abs(ratio - 1) <= hpa.tolerance ? current : Int((Double(current) * ratio).rounded(.up))
            reasoning.append(
                "\(metric.field) \(value.shown) against target \(metric.target.shown): ratio \(ratio.shown) → "
                    + "\(proposal) replicas"
            )
            desired = max(desired ?? proposal, proposal)
        }
        let raw = max(desired ?? current, 0)
        let proposed: Action = raw > current ? .scaleUp : raw < current ? .scaleDown : .noop
        var rails: [GuardRail] = []
        var value = raw
        func limit(_ name: String, _ limited: Int, _ detail: String) {
            guard limited != value else { return }
            let from: Action = value > current ? .scaleUp : value < current ? .scaleDown : .noop
            let to: Action = limited > current ? .scaleUp : limited < current ? .scaleDown : .noop
            rails.append(GuardRail(name: name, from: from, to: to, detail: "\(value) → \(limited) replicas: \(detail)"))
            value = limited
        }

        let upWindow = hpa.scaleUpStabilizationSeconds.nanoseconds
        let downWindow = hpa.scaleDownStabilizationSeconds.nanoseconds
        snapshot.recommendations.remember(
            ReplicaRecommendation(timeNanos: now, replicas: raw),
            window: max(upWindow, downWindow)
        )
        let upFloor = snapshot.recommendations.within(upWindow, of: now).map(\.replicas).min() ?? raw
        let downCeiling = snapshot.recommendations.within(downWindow, of: now).map(\.replicas).max() ?? raw
        var stabilized = current
        if stabilized < upFloor { stabilized = upFloor }
        if stabilized > downCeiling { stabilized = downCeiling }
        limit("stabilizationWindow", stabilized, "the recommendations of the stabilization windows hold it")

        let upLimit = max(
            Int((Double(current) * (1 + hpa.scaleUpPercent / 100)).rounded(.up)),
            current + hpa.scaleUpPods
        )
        let downLimit = Int((Double(current) * (1 - hpa.scaleDownPercent / 100)).rounded(.up))
        if value > upLimit { limit("rateLimit", upLimit, "scale-up policies allow \(upLimit) per period") }
        if value < downLimit { limit("rateLimit", downLimit, "scale-down policies allow \(downLimit) per period") }
        limit(
            "replicaBounds",
            min(max(value, c.minReplicas), c.maxReplicas),
            "bounds \(c.minReplicas)...\(c.maxReplicas)"
        )

        let action: Action = value > current ? .scaleUp : value < current ? .scaleDown : .noop
        if action != .noop {
            reasoning.append("scale \(current) → \(value) replicas")
            snapshot.replicas = value
        }
        snapshot.lastActionNanos[action] = now
        snapshot.decisions += 1
        return decision(
            action,
            proposed: proposed,
            reasoning: reasoning,
            rails: rails,
            target: action == .noop ? nil : value
        )
    }

    private func decision(
        _ action: Action,
        proposed: Action,
        reasoning: [String],
        rails: [GuardRail],
        target: Int?
    )
        -> Decision
    {
        Decision(
            action: action,
            proposed: proposed,
            confidence: 1,
            mode: configuration.mode,
            threshold: 0,
            reasoning: reasoning,
            guardRails: rails,
            policy: name,
            targetReplicas: target,
            engine: snapshot
        )
    }
}
