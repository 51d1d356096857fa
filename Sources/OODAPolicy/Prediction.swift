import OODACore

/// The Kalman policy's judgement at one step: a score per action, the recommended action, how confident it
/// is, and why.
public struct Prediction: Sendable, Equatable {
    /// The score of every action, 0...1.
    public var scores: [Action: Double]
    /// The action with the highest score (ties go to the more urgent: rollback, scaleUp, retune, scaleDown).
    public var recommended: Action
    /// The recommended action's score.
    public var confidence: Double
    /// Why, in sentences a person can read.
    public var reasoning: [String]
    /// The normalised innovation squared of the step: the anomaly signal.
    public var nis: Double

    public init(scores: [Action: Double], recommended: Action, confidence: Double, reasoning: [String], nis: Double) {
        self.scores = scores
        self.recommended = recommended
        self.confidence = confidence
        self.reasoning = reasoning
        self.nis = nis
    }
}
