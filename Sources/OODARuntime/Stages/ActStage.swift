import Logging
import OODAAct
import OODABus
import OODACore
import OODAEventLog
import OODAObserve
import ServiceLifecycle

/// The act process: decisions in, outcomes out, each decision executed exactly once.
///
/// The intent is made durable (in the intent journal) before the actuator is called, and the outcome is
/// recorded with an fsync before it is published. After a restart, or when the bus shows a gap in decide's
/// sequence, and before a clean stop, act reads the recent decisions from decide's log and executes the ones it
/// has not executed, so no decision is lost between decide and act; decisions older than `maxDecisionAge` are
/// not executed late.
public struct ActStage: Service {
    let topology: Topology
    let metrics: StageMetrics
    let logger: Logger

    public init(topology: Topology, metrics: StageMetrics, logger: Logger) {
        self.topology = topology
        self.metrics = metrics
        self.logger = logger
    }

    /// act's settings from the topology, checked as far as they can be without I/O: the chosen actuator has its
    /// settings. (The Kubernetes credentials are read when act starts.)
    public static func settings(from topology: Topology) throws -> ActSettings {
        let settings = try topology.settings(ActSettings.self, for: .act)
        switch settings.actuator {
        case .mock: break
        case .process where settings.process == nil:
            throw StageError(
                .configuration,
                "\(topology.file): stages.act.process is required with actuator: process"
            )
        case .kubernetes where settings.kubernetes == nil:
            throw StageError(
                .configuration,
                "\(topology.file): stages.act.kubernetes is required with actuator: kubernetes"
            )
        case .process, .kubernetes: break
        }
        return settings
    }

    public func run() async throws {
        let settings = try Self.settings(from: topology)
        let actuator = try makeActuator(settings)
        let journal = try FileIntentJournal(path: "\(topology.log.directory)/journal/act-intents.jsonl")
        let executor = ActionExecutor(
            actuator: actuator,
            journal: journal,
            rateLimit: settings.rateLimit,
            logger: logger
        )
        let host = try await StageHost(
            stage: .act,
            topology: topology,
            configuration: try JSONValue.fromEncodable(settings),
            metrics: metrics,
            logger: logger
        )
        for outcome in try await executor.recover() {
            try await host.emit(
                .actionOutcome(outcome),
                timeNanos: StageHost.wallClockNanos(),
                causes: [outcome.decision],
                sync: true
            )
        }
        let subscriber = try await host.subscribe(to: [.decide], kinds: [.decision])
        let catchUp = DecisionCatchUp(
            decideLog: topology.log.directory(of: .decide),
            maxAgeNanos: settings.maxDecisionAge.nanoseconds,
            logger: logger
        )
        // The last decision act handled, from its own log: every decision after it in decide's order is new.
        let lastOutcome = host.resumed.envelope(of: .actionOutcome)?.body.actionOutcome
        var handled = lastOutcome.flatMap { DecisionPosition($0.decision) } ?? .origin
        // Decisions decide recorded while act was down (subscribed first, so none falls between the two).
        let missedAtStart = catchUp.decisions(after: handled, nowNanos: StageHost.wallClockNanos())
        if !missedAtStart.isEmpty {
            if let first = missedAtStart.first.map({ DecisionPosition($0.envelope) }) {
                warnIfRenumbered(from: handled, to: first)
            }
            logger.notice(
                "catching up on decisions made while act was down",
                metadata: ["count": "\(missedAtStart.count)"]
            )
        }
        handled = try await catchUpOn(missedAtStart, executor: executor, host: host) ?? handled
        try await host.run(subscriber) { decision in
            let position = DecisionPosition(decision)
            guard position > handled else { return }
            warnIfRenumbered(from: handled, to: position)
            // A jump in decide's numbering (act was away, decide restarted, the bus dropped): the decisions in
            // between are in decide's log.
            if handled.mayHaveDecisions(before: position) {
                let missed = catchUp.decisions(after: handled, before: position, nowNanos: decision.timeNanos)
                if !missed.isEmpty {
                    logger.notice("catching up on decisions from decide's log", metadata: ["count": "\(missed.count)"])
                }
                _ = try await catchUpOn(missed, executor: executor, host: host)
            }
            let started = ContinuousClock.now
            try await publish(await executor.execute(decision), for: decision, host: host, since: started)
            handled = position
        } finish: {
            // A clean stop comes after decide's (the launcher stops downstream stages last): whatever decide
            // recorded that the bus had not brought yet (act was reconnecting to a restarted decide, or the
            // last decisions were in flight) is executed now, not left to act's next start.
            let missed = catchUp.decisions(after: handled, nowNanos: StageHost.wallClockNanos())
            if !missed.isEmpty {
                logger.notice(
                    "executing decide's last decisions before stopping",
                    metadata: ["count": "\(missed.count)"]
                )
            }
            _ = try await catchUpOn(missed, executor: executor, host: host)
        }
    }

    /// Says so when decide's numbering began again below what act handled (decide started a fresh log, or lost
    /// its last records): act goes on with the later run's decisions, which are new however they are numbered.
    private func warnIfRenumbered(from handled: DecisionPosition, to next: DecisionPosition) {
        guard handled.isRenumbered(by: next) else { return }
        logger.warning(
            "decide's numbering went back: it started a fresh log or lost its last records; act takes its decisions as new",
            metadata: ["handled": "\(handled)", "next": "\(next)"]
        )
    }

    /// Executes decisions found in decide's log, in order, and records those too old to execute as not executed.
    ///
    /// - Returns: the position of the last one, if any.
    private func catchUpOn(
        _ missed: [DecisionCatchUp.Missed],
        executor: ActionExecutor,
        host: StageHost
    ) async throws -> DecisionPosition? {
        for entry in missed {
            let started = ContinuousClock.now
            let outcome =
                if let tooOld = entry.tooOld {
                    await executor.skip(entry.envelope, because: tooOld)
                } else {
                    await executor.execute(entry.envelope)
                }
            try await publish(outcome, for: entry.envelope, host: host, since: started)
        }
        return missed.last.map { DecisionPosition($0.envelope) }
    }

    /// Records and publishes the outcome of a decision (nothing when the executor had none: already executed).
    private func publish(
        _ outcome: ActionOutcome?,
        for decision: Envelope,
        host: StageHost,
        since started: ContinuousClock.Instant
    ) async throws {
        guard let outcome else { return }
        // An outcome that changed the target is made durable before it is published, so one that was announced
        // is never lost; a noop's outcome follows the log's fsync policy (it changed nothing to lose).
        try await host.emit(
            .actionOutcome(outcome),
            timeNanos: decision.timeNanos,
            causes: [decision.id],
            sync: outcome.action.changesTarget
        )
        host.metrics.processed(kind: "decision", duration: ContinuousClock.now - started)
    }

    private func makeActuator(_ settings: ActSettings) throws -> any Actuator {
        switch settings.actuator {
        case .mock:
            return MockActuator(configuration: settings.mock ?? MockActuatorConfiguration())
        case .process:
            // Checked by settings(from:).
            guard let process = settings.process else { preconditionFailure("actuator: process without settings") }
            return ProcessActuator(configuration: process, logger: logger)
        case .kubernetes:
            guard let kubernetes = settings.kubernetes else {
                preconditionFailure("actuator: kubernetes without settings")
            }
            return try KubernetesActuator(configuration: kubernetes, logger: logger)
        }
    }
}
