import OODACore

/// The rules that turn the filtered state into action scores (documented in `docs/policy.md`).
///
/// Each rule compares a field with its threshold as a ratio (1 = at the threshold) and maps the ratio onto
/// 0...1 with a linear ramp: 0.5 at the threshold, 1 at `(1 + softness) ×` it. Piecewise-linear arithmetic
/// (no `exp`) keeps the scores identical on every platform.
struct PolicyRules: Sendable {
    /// What the rules read: the filtered state by role, and the filter's health.
    struct Input {
        var cpu: Estimate?
        var latency: Estimate?
        var omega: Estimate?
        var psi: Estimate?
        var beta: Double?
        /// The most negative lag-1 innovation autocorrelation over all fields, with its field.
        var oscillation: (field: String, correlation: Double)?
        var nis: Double
        var steps: UInt64
        /// Seconds since the revision last changed, when a change has been seen.
        var secondsSinceRevision: Double?
    }

    /// A field's filtered level and trend, with the trend's standard deviation.
    struct Estimate {
        var level: Double
        var trend: Double
        var trendDeviation: Double
    }

    let configuration: PolicyConfiguration

    /// The priority among equal scores: the more urgent action wins a tie.
    static let priority: [Action] = [.rollback, .scaleUp, .retune, .scaleDown, .noop]

    func ramp(_ ratio: Double) -> Double {
        min(max(0.5 + (ratio - 1) / (2 * configuration.softness), 0), 1)
    }

    /// The part of a rise (or, negated, a fall) the filter is sure of: the trend less `trendConfidence`
    /// standard deviations, never below 0. A trend inside its own noise projects nothing.
    func rise(_ estimate: Estimate) -> Double {
        max(estimate.trend - configuration.trendConfidence * estimate.trendDeviation, 0)
    }

    func fall(_ estimate: Estimate) -> Double {
        max(-estimate.trend - configuration.trendConfidence * estimate.trendDeviation, 0)
    }

    func evaluate(_ input: Input) -> Prediction {
        let c = configuration
        var reasoning: [String] = []
        var scores: [Action: Double] = [:]
        let lookahead = c.lookaheadSeconds

        // Scale up: load above its limit now, or heading there within the lookahead.
        var present = 0.0
        var projected = 0.0
        var loadReasons: [String] = []
        for (name, value, high) in [
            (c.cpuField, input.cpu, c.cpuHigh), (c.latencyField, input.latency, c.latencyHigh),
        ] {
            guard let value else { continue }
            let ahead = value.level + rise(value) * lookahead
            present = max(present, value.level / high)
            projected = max(projected, ahead / high)
            if value.level > high {
                loadReasons.append("\(name) \(value.level.shown) is above its limit \(high.shown)")
            } else if ahead > high {
                loadReasons.append(
                    "\(name) \(value.level.shown) rising \(value.trend.shown)/s reaches \(ahead.shown) "
                        + "(limit \(high.shown)) within \(lookahead.shown) s"
                )
            }
        }
        scores[.scaleUp] = max(ramp(present), c.forecastWeight * ramp(projected))
        reasoning += loadReasons

        // Scale down: load below its low mark and not rising out of it.
        var idle = 0.0
        var idleFields: [String] = []
        for (name, value, low) in [(c.cpuField, input.cpu, c.cpuLow), (c.latencyField, input.latency, c.latencyLow)] {
            guard let value else { continue }
            let ahead = value.level + rise(value) * lookahead
            idle = max(idle, value.level / low, ahead / low)
            idleFields.append("\(name) \(value.level.shown) (low mark \(low.shown))")
        }
        var down = idleFields.isEmpty ? 0 : ramp(2 - idle)
        if down > 0.5 {
            reasoning.append("utilisation is low and steady: " + idleFields.joined(separator: ", "))
            if input.nis > c.anomalyNIS {
                down *= 0.5
                reasoning.append("the observation is surprising (NIS \(input.nis.shown)), so scaling down waits")
            }
        }
        scores[.scaleDown] = down

        // Rollback: quality falling fast, or below its floor, soon after a new revision.
        var suspect = 0.0
        if let since = input.secondsSinceRevision, since <= c.revisionWindowSeconds {
            for (name, value) in [(c.omegaField, input.omega), (c.psiField, input.psi)] {
                guard let value else { continue }
                let ratio = max(fall(value) / c.qualityFallPerSecond, c.qualityFloor / max(value.level, 1e-9))
                suspect = max(suspect, ratio)
                if ratio > 1 {
                    reasoning.append(
                        "\(name) \(value.level.shown) is falling \((-value.trend).shown)/s \(since.shown) s after "
                            + "a new revision"
                    )
                }
            }
        }
        scores[.rollback] = suspect > 0 ? ramp(suspect) : 0

        // Retune: fragile under stress, or oscillating.
        var fragile = 0.0
        if let beta = input.beta {
            fragile = c.betaLow / max(beta, 1e-9)
            if beta < c.betaLow {
                reasoning.append("beta \(beta.shown) is below \(c.betaLow.shown): fragile under stress")
            }
        }
        if let oscillation = input.oscillation {
            let ratio = oscillation.correlation / c.oscillationCorrelation
            fragile = max(fragile, ratio)
            if ratio > 1 {
                reasoning.append(
                    "\(oscillation.field) oscillates (innovation autocorrelation \(oscillation.correlation.shown))"
                )
            }
        }
        scores[.retune] = fragile > 0 ? ramp(fragile) : 0

        if c.warmupSteps > 0, input.steps < UInt64(c.warmupSteps) {
            let trust = Double(input.steps) / Double(c.warmupSteps)
            for action in [Action.scaleUp, .scaleDown, .rollback, .retune] { scores[action, default: 0] *= trust }
            reasoning.append("the filter has seen \(input.steps) of \(c.warmupSteps) warm-up observations")
        }
        let strongest = [Action.scaleUp, .scaleDown, .rollback, .retune].map { scores[$0, default: 0] }.max() ?? 0
        scores[.noop] = 1 - strongest
        let best = Self.priority.map { scores[$0, default: 0] }.max() ?? 0
        let recommended = Self.priority.first { scores[$0, default: 0] == best } ?? .noop
        if recommended == .noop {
            reasoning.append("no rule is confident enough to act (strongest \(strongest.shown))")
        }
        return Prediction(
            scores: scores,
            recommended: recommended,
            confidence: best,
            reasoning: reasoning,
            nis: input.nis
        )
    }
}
