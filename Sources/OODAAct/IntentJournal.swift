import OODACore

/// Where act records its intents and outcomes, durably, so that no decision executes twice.
///
/// - Important: ``recordIntent(_:)`` and ``recordOutcome(_:)`` return only once the record is durable (on disk,
///   fsynced), because act calls the actuator right after the intent is recorded.
public protocol IntentJournal: Sendable {
    /// Records an intent durably.
    ///
    /// - Throws: ``ActuatorError`` with code `journal` when it cannot be made durable.
    func recordIntent(_ intent: ActionIntent) async throws
    /// Records an outcome durably; it completes the intent of the same decision, if there is one.
    ///
    /// - Throws: ``ActuatorError`` with code `journal` when it cannot be made durable.
    func recordOutcome(_ outcome: ActionOutcome) async throws
    /// What the journal knows of a decision.
    func status(of decision: EventID) async throws -> IntentStatus
    /// The intents with no outcome, oldest first: actions that may or may not have happened.
    func pendingIntents() async throws -> [ActionIntent]
    /// The newest intents, oldest first, at most `count`: the history the rate limit resumes from.
    func latestIntents(_ count: Int) async throws -> [ActionIntent]
}

/// What an ``IntentJournal`` knows of one decision.
public enum IntentStatus: Sendable, Equatable {
    /// Nothing: the decision was never executed.
    case unknown
    /// An intent with no outcome: act stopped between the two.
    case pending(ActionIntent)
    /// Executed, with this outcome.
    case completed(ActionOutcome)
}
