import Foundation
import OODACore
import OODAEventLog

/// What a replay found.
public struct ReplayReport: Sendable {
    /// One recorded event that replay did not reproduce.
    public struct Difference: Sendable {
        public var recorded: Envelope
        /// What replay produced instead (nil when it produced nothing).
        public var replayed: MessageBody?
        public var explanation: String
    }

    public var observationsRead = 0
    public var orientationsReproduced = 0
    public var orientationsDiffering = 0
    public var decisionsReproduced = 0
    public var decisionsDiffering = 0
    /// The first differences, in log order (at most ``ReplaySession/maximumDifferencesKept``).
    public var differences: [Difference] = []
    /// Runs of the stages seen (StageStarted events).
    public var runs: [StageName: Int] = [:]
    /// Orientations and decisions whose configuration (the StageStarted before them) or inputs (observation,
    /// orientation) were in log segments since removed: counted, not replayed. Replay resumes after them from
    /// the last recorded state, as the live stage had moved on.
    public var notReplayed: [StageName: Int] = [:]
    /// Recorded decisions per action.
    public var recordedActions: [Action: Int] = [:]
    /// Counterfactual decisions per action, when a counterfactual was asked.
    public var counterfactualActions: [Action: Int] = [:]
    /// Seconds spent.
    public var seconds: Double = 0

    public var reproducedEverything: Bool { orientationsDiffering == 0 && decisionsDiffering == 0 }

    /// A summary for a person.
    public func text(counterfactual: String?) -> String {
        var lines: [String] = []
        let rate = seconds > 0 ? Int(Double(observationsRead) / seconds) : 0
        lines.append("observations read:   \(observationsRead) (\(rate)/s)")
        if let counterfactual {
            lines.append("counterfactual:      \(counterfactual)")
            lines.append(
                "decisions compared:  \(decisionsReproduced + decisionsDiffering); differ: \(decisionsDiffering)"
            )
            lines.append("  action       recorded  counterfactual")
            for action in Action.allCases {
                let recorded = String(recordedActions[action] ?? 0)
                let other = String(counterfactualActions[action] ?? 0)
                lines.append(
                    "  " + action.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                        + recorded.padding(toLength: 9, withPad: " ", startingAt: 0) + " " + other
                )
            }
        } else {
            lines.append(
                "orientations:        \(orientationsReproduced) reproduced, \(orientationsDiffering) differ"
            )
            lines.append("decisions:           \(decisionsReproduced) reproduced, \(decisionsDiffering) differ")
        }
        if !notReplayed.isEmpty {
            lines.append(
                "not replayed:        \(notReplayed[.orient] ?? 0) orientations, \(notReplayed[.decide] ?? 0) decisions "
                    + "(their configuration or inputs were in segments since removed)"
            )
        }
        if !differences.isEmpty {
            lines.append(
                counterfactual == nil
                    ? "first differences:" : "where the decisions differ (first \(differences.count)):"
            )
            for difference in differences {
                lines.append(
                    "  \(EventTime.format(difference.recorded.timeNanos)) \(difference.recorded.id): \(difference.explanation)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
