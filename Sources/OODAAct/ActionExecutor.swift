import Logging
import OODACore

/// Executes decisions through an actuator exactly once, across restarts too.
///
/// For each decision it reads the target's state, records an ``ActionIntent`` durably, calls the actuator, and
/// records the outcome. A decision with an outcome is never executed again. A decision with an intent and no
/// outcome (act stopped in between) is reconciled from the target's state: found done, it is reported; found not
/// done, it is executed then, with the absolute replica count recorded in the intent, so it cannot scale twice.
/// A rate limit on actions per window of event time is the last guard rail.
///
/// - Important: Call ``recover()`` once before the first ``execute(_:)``.
public actor ActionExecutor {
    /// The points of an execution, for the tests that kill act between them.
    public enum Step: Sendable, Equatable {
        /// The intent is durable; the actuator has not been called.
        case intentRecorded
        /// The actuator has returned; the outcome is not recorded yet.
        case actuatorReturned
    }

    private let actuator: any Actuator
    private let journal: any IntentJournal
    private let logger: Logger
    private let onStep: @Sendable (Step, EventID) async -> Void
    private var rateLimiter: ActionRateLimiter
    private var inFlight: Set<EventID> = []
    private var lastKnownState: TargetState?

    /// Creates an executor.
    ///
    /// - Parameters:
    ///   - actuator: The actuator that changes the target.
    ///   - journal: Where intents and outcomes are made durable.
    ///   - rateLimit: The most actions per window of event time.
    ///   - logger: Where to log what happens.
    ///   - onStep: Called at each step of an execution; tests use it to die at a chosen point.
    public init(
        actuator: any Actuator,
        journal: any IntentJournal,
        rateLimit: ActionRateLimit = ActionRateLimit(),
        logger: Logger,
        onStep: @escaping @Sendable (Step, EventID) async -> Void = { _, _ in }
    ) {
        self.actuator = actuator
        self.journal = journal
        self.logger = logger
        self.onStep = onStep
        self.rateLimiter = ActionRateLimiter(limit: rateLimit)
    }

    /// Resumes after a start: reconciles every intent left without an outcome and restores the rate limit.
    ///
    /// - Returns: The outcomes of the reconciled intents, each with `reconciled` true, to publish.
    /// - Throws: ``ActuatorError`` when the journal cannot be read or the target's state cannot be read to
    ///   reconcile an intent; the intents not reconciled stay pending for the next call.
    public func recover() async throws -> [ActionOutcome] {
        let latest = try await journal.latestIntents(rateLimiter.limit.maxActions)
        rateLimiter = ActionRateLimiter(
            limit: rateLimiter.limit,
            history: latest.filter { $0.action.changesTarget }.map(\.decisionTimeNanos)
        )
        var outcomes: [ActionOutcome] = []
        var firstError: (any Error)?
        for intent in try await journal.pendingIntents() {
            do {
                outcomes.append(try await reconcile(intent))
            } catch {
                logger.error("could not reconcile \(intent.decision): \(error)")
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return outcomes
    }

    /// Executes the decision an envelope carries, unless it was executed before.
    ///
    /// - Parameter envelope: A decision envelope; other kinds are ignored.
    /// - Returns: The outcome to publish, or `nil` when there is nothing to publish: not a decision, or a decision
    ///   already executed (its outcome was published then).
    public func execute(_ envelope: Envelope) async -> ActionOutcome? {
        guard let decision = envelope.body.decision else { return nil }
        return await execute(decision, id: envelope.id, timeNanos: envelope.timeNanos)
    }

    /// Records that a decision is not executed because it is too old to act on (`why` says how old), so that its
    /// outcome, and the audit, say so. A decision whose intent was recorded before act stopped is reconciled
    /// instead, as ``execute(_:id:timeNanos:)`` does; one already executed gives nil.
    public func skip(_ envelope: Envelope, because why: String) async -> ActionOutcome? {
        guard let decision = envelope.body.decision else { return nil }
        let id = envelope.id
        guard inFlight.insert(id).inserted else { return nil }
        defer { inFlight.remove(id) }
        switch await journalStatus(of: id) {
        case .failure(let error):
            return failed(id, decision.action, "Not executed: the intent journal could not be read (\(error))")
        case .success(.completed):
            return nil
        case .success(.pending(let intent)):
            return await reconcileOrFail(intent)
        case .success(.unknown):
            let state = try? await actuator.currentState()
            if let state { lastKnownState = state }
            return await recordFailure(id, decision.action, "Not executed: \(why)", state: state)
        }
    }

    /// Executes a decision, unless it was executed before.
    ///
    /// - Parameters:
    ///   - decision: The decision.
    ///   - id: The decision's event id: the key of exactly once.
    ///   - timeNanos: The decision's event time, the rate limit's clock.
    /// - Returns: The outcome to publish, or `nil` when the decision was already executed or is executing.
    public func execute(_ decision: Decision, id: EventID, timeNanos: Int64) async -> ActionOutcome? {
        // Inserted before the first suspension, so a concurrent call with the same id sees it.
        guard inFlight.insert(id).inserted else { return nil }
        defer { inFlight.remove(id) }
        let action = decision.action
        if action == .noop {
            // Nothing changes, so nothing to guard: no journal, no rate limit.
            return await actuator.execute(.noop, decision: id, targetReplicas: nil)
                .outcome(decision: id, action: .noop, actuator: actuator.kind)
        }
        switch await journalStatus(of: id) {
        case .failure(let error):
            return failed(id, action, "Not executed: the intent journal could not be read (\(error))")
        case .success(.completed):
            logger.debug("decision \(id) already executed; not executing it again")
            return nil
        case .success(.pending(let intent)):
            return await reconcileOrFail(intent)
        case .success(.unknown):
            break
        }
        let before: TargetState
        do {
            before = try await actuator.currentState()
            lastKnownState = before
        } catch {
            return await recordFailure(id, action, "Not executed: the target's state could not be read (\(error))")
        }
        guard rateLimiter.admit(at: timeNanos) else {
            return await recordFailure(id, action, rateLimiter.refusalDetails, state: before)
        }
        let intent = ActionIntent(
            decision: id,
            action: action,
            actuator: actuator.kind,
            decisionTimeNanos: timeNanos,
            stateBefore: before,
            targetReplicas: actuator.scaling.desiredReplicas(
                for: action,
                current: before.replicas,
                requested: decision.targetReplicas
            )
        )
        do {
            try await journal.recordIntent(intent)
        } catch {
            return failed(id, action, "Not executed: the intent could not be made durable (\(error))", state: before)
        }
        await onStep(.intentRecorded, id)
        let result = await actuator.execute(action, decision: id, targetReplicas: intent.targetReplicas)
        await onStep(.actuatorReturned, id)
        lastKnownState = result.state
        return await record(result.outcome(decision: id, action: action, actuator: actuator.kind))
    }

    private func journalStatus(of id: EventID) async -> Result<IntentStatus, any Error> {
        do {
            return .success(try await journal.status(of: id))
        } catch {
            return .failure(error)
        }
    }

    private func reconcileOrFail(_ intent: ActionIntent) async -> ActionOutcome {
        do {
            return try await reconcile(intent)
        } catch {
            return failed(
                intent.decision,
                intent.action,
                "Not executed: act stopped during this decision, and the target's state could not be read to "
                    + "tell whether it happened (\(error)); it stays pending until act can read the target"
            )
        }
    }

    /// Settles an intent with no outcome from the target's state; never executes an action found done.
    private func reconcile(_ intent: ActionIntent) async throws -> ActionOutcome {
        let current = try await actuator.currentState()
        lastKnownState = current
        let outcome: ActionOutcome
        switch intent.verdict(current: current) {
        case .happened:
            outcome = ActionOutcome(
                decision: intent.decision,
                action: intent.action,
                success: true,
                details: "Found done after a restart: " + describe(intent, current),
                executionNanos: 0,
                actuator: actuator.kind,
                state: current,
                reconciled: true
            )
        case .notHappened:
            let result = await actuator.execute(
                intent.action,
                decision: intent.decision,
                targetReplicas: intent.targetReplicas
            )
            var executed = result.outcome(
                decision: intent.decision,
                action: intent.action,
                actuator: actuator.kind,
                reconciled: true
            )
            executed.details = "Executed after a restart, the target showing it had not happened: " + result.details
            outcome = executed
        case .diverged:
            outcome = ActionOutcome(
                decision: intent.decision,
                action: intent.action,
                success: false,
                details: "Not executed after a restart: the target has \(current.replicas) replicas, neither the "
                    + "\(intent.stateBefore.replicas) before nor the \(intent.targetReplicas) expected; "
                    + "something else changed it, so it is left as it is",
                executionNanos: 0,
                actuator: actuator.kind,
                state: current,
                reconciled: true
            )
        }
        logger.notice("reconciled \(intent.decision): \(outcome.details)")
        return await record(outcome)
    }

    private func describe(_ intent: ActionIntent, _ current: TargetState) -> String {
        switch intent.action {
        case .scaleUp, .scaleDown: "\(intent.stateBefore.replicas) → \(current.replicas) replicas"
        case .rollback: "revision \(intent.stateBefore.revision) → \(current.revision)"
        case .retune: "tuning \(intent.stateBefore.tuning) → \(current.tuning)"
        case .noop: "no action"
        }
    }

    private func recordFailure(
        _ id: EventID,
        _ action: Action,
        _ details: String,
        state: TargetState? = nil
    ) async
        -> ActionOutcome
    {
        await record(failed(id, action, details, state: state))
    }

    private func record(_ outcome: ActionOutcome) async -> ActionOutcome {
        do {
            try await journal.recordOutcome(outcome)
        } catch {
            // The action is done; publishing its outcome still tells the loop. On restart the intent is found
            // pending and reconciled from the target's state, so it is still not executed twice.
            logger.error("could not record the outcome of \(outcome.decision): \(error)")
        }
        return outcome
    }

    private func failed(
        _ id: EventID,
        _ action: Action,
        _ details: String,
        state: TargetState? = nil
    )
        -> ActionOutcome
    {
        let policy = actuator.scaling
        let fallback = TargetState(
            replicas: 0,
            minReplicas: policy.minReplicas,
            maxReplicas: policy.maxReplicas,
            revision: 0
        )
        return ActionOutcome(
            decision: id,
            action: action,
            success: false,
            details: details,
            executionNanos: 0,
            actuator: actuator.kind,
            state: state ?? lastKnownState ?? fallback,
            reconciled: false
        )
    }
}
