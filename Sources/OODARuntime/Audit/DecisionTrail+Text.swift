import OODACore
import OODAEventLog

extension DecisionTrail {
    /// The trail as text for a person at a terminal.
    public var text: String {
        var lines: [String] = []
        let decisionBody = decision.body.decision!
        lines.append("Decision \(decision.id)  at \(EventTime.format(decision.timeNanos))")
        lines.append(
            "  action      \(decisionBody.action)"
                + (decisionBody.proposed != decisionBody.action ? " (proposed \(decisionBody.proposed))" : "")
        )
        lines.append(
            "  confidence  \(Self.number(decisionBody.confidence)) against a threshold of "
                + "\(Self.number(decisionBody.threshold)), mode \(decisionBody.mode), policy \(decisionBody.policy)"
        )
        if let target = decisionBody.targetReplicas { lines.append("  target      \(target) replicas") }
        lines.append("  reasoning")
        lines += decisionBody.reasoning.map { "    - \($0)" }
        if decisionBody.guardRails.isEmpty {
            lines.append("  guard rails none changed the outcome")
        } else {
            lines.append("  guard rails")
            lines += decisionBody.guardRails.map { "    - \($0.name): \($0.from) → \($0.to): \($0.detail)" }
        }
        lines.append("")
        if let orientation, let body = orientation.body.orientation {
            lines.append("Orientation \(orientation.id)  at \(EventTime.format(orientation.timeNanos))")
            lines.append("  field              level        trend/s   innovation")
            for (index, field) in body.fields.enumerated() {
                lines.append(
                    "  " + Self.pad(field, 17) + Self.pad(Self.number(body.level[index]), 13)
                        + Self.pad(Self.number(body.trend[index]), 10) + Self.number(body.innovation[index])
                )
            }
            lines.append("  NIS         \(Self.number(body.nis))")
            let scores = body.scores.sorted { $0.value > $1.value }.map { "\($0.key) \(Self.number($0.value))" }
            lines.append("  scores      " + scores.joined(separator: ", "))
            lines.append("  recommended \(body.recommended) with confidence \(Self.number(body.confidence))")
            lines += body.reasoning.map { "    - \($0)" }
        } else {
            lines.append("Orientation: not found in the orient log (causes: \(decision.causes.map(\.rawValue)))")
        }
        lines.append("")
        lines.append("Observations (\(observations.count))")
        for observation in observations {
            let samples = observation.body.observation?.samples ?? []
            lines.append("  \(observation.id)  at \(EventTime.format(observation.timeNanos))")
            lines += samples.map { "    \($0.series)=\(Self.number($0.value)) (\($0.source))" }
        }
        lines.append("")
        if let outcome, let body = outcome.body.actionOutcome {
            lines.append("Outcome \(outcome.id)  at \(EventTime.format(outcome.timeNanos))")
            lines.append("  \(body.success ? "succeeded" : "FAILED"): \(body.details)")
            lines.append(
                "  actuator \(body.actuator), \(Self.number(Double(body.executionNanos) / 1e6)) ms"
                    + (body.reconciled ? ", reconciled after a restart" : "")
            )
            lines.append(
                "  target now \(body.state.replicas) replicas (\(body.state.minReplicas)...\(body.state.maxReplicas)), "
                    + "revision \(body.state.revision)"
            )
        } else if decisionBody.action == .noop {
            lines.append("Outcome: none (noop)")
        } else {
            lines.append("Outcome: none recorded in the act log (act has not executed it, or is not running)")
        }
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : "\(rounded)"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
