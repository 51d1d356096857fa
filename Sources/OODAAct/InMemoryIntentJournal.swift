import OODACore

/// An intent journal in memory, for tests and for runs that accept losing the guarantee across restarts.
public actor InMemoryIntentJournal: IntentJournal {
    private var intents: [ActionIntent] = []
    private var outcomes: [EventID: ActionOutcome] = [:]

    public init() {}

    public func recordIntent(_ intent: ActionIntent) {
        intents.append(intent)
    }

    public func recordOutcome(_ outcome: ActionOutcome) {
        outcomes[outcome.decision] = outcome
    }

    public func status(of decision: EventID) -> IntentStatus {
        if let outcome = outcomes[decision] { return .completed(outcome) }
        if let intent = intents.last(where: { $0.decision == decision }) { return .pending(intent) }
        return .unknown
    }

    public func pendingIntents() -> [ActionIntent] {
        intents.filter { outcomes[$0.decision] == nil }
    }

    public func latestIntents(_ count: Int) -> [ActionIntent] {
        Array(intents.suffix(max(0, count)))
    }
}
