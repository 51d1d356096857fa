import Logging
import OODAAct
import OODACore
import Testing

@Suite struct ActionExecutorTests {
    static func decision(_ action: Action, targetReplicas: Int? = nil) -> Decision {
        Decision(
            action: action,
            proposed: action,
            confidence: 0.9,
            mode: .balanced,
            threshold: 0.7,
            reasoning: ["test"],
            guardRails: [],
            targetReplicas: targetReplicas,
            engine: EngineSnapshot()
        )
    }

    static func envelope(_ action: Action, sequence: UInt64, seconds: Int64 = 0) -> Envelope {
        Envelope(
            source: .decide,
            epoch: 1,
            sequence: sequence,
            timeNanos: seconds * 1_000_000_000,
            body: .decision(decision(action))
        )
    }

    let logger = Logger(label: "test")

    @Test func executesADecisionOnceAndIgnoresItsDuplicates() async throws {
        let mock = MockActuator()
        let journal = InMemoryIntentJournal()
        let executor = ActionExecutor(actuator: mock, journal: journal, logger: logger)
        _ = try await executor.recover()
        let envelope = Self.envelope(.scaleUp, sequence: 1)
        let outcome = try #require(await executor.execute(envelope))
        #expect(outcome.success)
        #expect(outcome.decision == envelope.id)
        #expect(outcome.details == "Scaled 3 → 5 replicas")
        #expect(outcome.actuator == "mock")
        #expect(!outcome.reconciled)
        #expect(await executor.execute(envelope) == nil)
        #expect(await mock.currentState().replicas == 5)
        #expect(await journal.status(of: envelope.id) == .completed(outcome))
    }

    @Test func aDecisionSkippedAsTooOldIsRecordedAndNeverExecutedLater() async throws {
        let mock = MockActuator()
        let journal = InMemoryIntentJournal()
        let executor = ActionExecutor(actuator: mock, journal: journal, logger: logger)
        _ = try await executor.recover()
        let stale = Self.envelope(.scaleUp, sequence: 1)
        let outcome = try #require(await executor.skip(stale, because: "decided 45.0 s ago"))
        #expect(!outcome.success)
        #expect(outcome.details == "Not executed: decided 45.0 s ago")
        #expect(outcome.state.replicas == 3)
        #expect(await journal.status(of: stale.id) == .completed(outcome))
        // Recorded: neither executed nor skipped again.
        #expect(await executor.execute(stale) == nil)
        #expect(await executor.skip(stale, because: "again") == nil)
        #expect(await mock.currentState().replicas == 3)
        // One executed before is not reported as skipped.
        let done = Self.envelope(.scaleUp, sequence: 2)
        _ = try #require(await executor.execute(done))
        #expect(await executor.skip(done, because: "too old") == nil)
    }

    @Test func reportsAPendingIntentFoundDoneWithoutExecutingItAgain() async throws {
        let mock = MockActuator()
        let journal = InMemoryIntentJournal()
        let id = EventID(rawValue: "decide-1-decision-7")
        let before = await mock.currentState()
        await journal.recordIntent(
            ActionIntent(
                decision: id,
                action: .scaleUp,
                actuator: "mock",
                decisionTimeNanos: 0,
                stateBefore: before,
                targetReplicas: 5
            )
        )
        // The action happened, then act died before recording the outcome.
        _ = await mock.execute(.scaleUp, decision: id, targetReplicas: 5)
        let executor = ActionExecutor(actuator: mock, journal: journal, logger: logger)
        let outcomes = try await executor.recover()
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.reconciled == true)
        #expect(outcomes.first?.success == true)
        #expect(await mock.currentState().replicas == 5)
        #expect(await journal.pendingIntents().isEmpty)
    }

    @Test func executesAPendingIntentTheTargetShowsUndoneWithItsAbsoluteCount() async throws {
        let mock = MockActuator()
        let journal = InMemoryIntentJournal()
        let id = EventID(rawValue: "decide-1-decision-8")
        await journal.recordIntent(
            ActionIntent(
                decision: id,
                action: .scaleUp,
                actuator: "mock",
                decisionTimeNanos: 0,
                stateBefore: await mock.currentState(),
                targetReplicas: 5
            )
        )
        let executor = ActionExecutor(actuator: mock, journal: journal, logger: logger)
        let outcome = try #require(try await executor.recover().first)
        #expect(outcome.reconciled)
        #expect(outcome.success)
        #expect(outcome.state.replicas == 5)
        // Recovering again finds nothing pending and changes nothing.
        #expect(try await executor.recover().isEmpty)
        #expect(await mock.currentState().replicas == 5)
    }

    @Test func leavesATargetThatSomethingElseChanged() async throws {
        let mock = MockActuator()
        let journal = InMemoryIntentJournal()
        let id = EventID(rawValue: "decide-1-decision-9")
        await journal.recordIntent(
            ActionIntent(
                decision: id,
                action: .scaleUp,
                actuator: "mock",
                decisionTimeNanos: 0,
                stateBefore: await mock.currentState(),
                targetReplicas: 5
            )
        )
        _ = await mock.execute(.scaleDown, decision: EventID(rawValue: "other"), targetReplicas: nil)
        let executor = ActionExecutor(actuator: mock, journal: journal, logger: logger)
        let outcome = try #require(try await executor.recover().first)
        #expect(outcome.reconciled)
        #expect(!outcome.success)
        #expect(await mock.currentState().replicas == 2)
    }

    @Test func refusesActionsOverTheRateLimitInEventTime() async throws {
        let mock = MockActuator()
        let executor = ActionExecutor(
            actuator: mock,
            journal: InMemoryIntentJournal(),
            rateLimit: ActionRateLimit(maxActions: 2, windowSeconds: 60),
            logger: logger
        )
        _ = try await executor.recover()
        let first = await executor.execute(Self.envelope(.retune, sequence: 1, seconds: 0))
        let second = await executor.execute(Self.envelope(.retune, sequence: 2, seconds: 10))
        let third = await executor.execute(Self.envelope(.retune, sequence: 3, seconds: 59))
        let fourth = await executor.execute(Self.envelope(.retune, sequence: 4, seconds: 61))
        #expect(first?.success == true)
        #expect(second?.success == true)
        #expect(third?.success == false)
        #expect(third?.details.hasPrefix("Rate limit") == true)
        #expect(fourth?.success == true)
        // A refused decision is settled too: it is not executed when it comes again.
        #expect(await executor.execute(Self.envelope(.retune, sequence: 3, seconds: 120)) == nil)
    }

    @Test func resumesTheRateLimitFromTheJournal() async throws {
        let journal = InMemoryIntentJournal()
        let limit = ActionRateLimit(maxActions: 1, windowSeconds: 60)
        let first = ActionExecutor(actuator: MockActuator(), journal: journal, rateLimit: limit, logger: logger)
        _ = try await first.recover()
        #expect(await first.execute(Self.envelope(.scaleUp, sequence: 1, seconds: 0))?.success == true)
        let restarted = ActionExecutor(actuator: MockActuator(), journal: journal, rateLimit: limit, logger: logger)
        _ = try await restarted.recover()
        #expect(await restarted.execute(Self.envelope(.scaleUp, sequence: 2, seconds: 30))?.success == false)
    }

    @Test func executesNoopWithoutJournalingIt() async throws {
        let journal = InMemoryIntentJournal()
        let executor = ActionExecutor(actuator: MockActuator(), journal: journal, logger: logger)
        let envelope = Self.envelope(.noop, sequence: 1)
        #expect(await executor.execute(envelope)?.details == "No action")
        #expect(await journal.status(of: envelope.id) == .unknown)
    }

    @Test func aimsAtTheDecisionsTargetReplicas() async throws {
        let mock = MockActuator()
        let executor = ActionExecutor(actuator: mock, journal: InMemoryIntentJournal(), logger: logger)
        let outcome = await executor.execute(
            Self.decision(.scaleUp, targetReplicas: 8),
            id: EventID(rawValue: "x"),
            timeNanos: 0
        )
        #expect(outcome?.state.replicas == 8)
    }
}
