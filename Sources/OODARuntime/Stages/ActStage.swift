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

    public func run() async throws {
        let settings = try topology.settings(ActSettings.self, for: .act)
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
        // The last decision act handled, from its own log: decide's sequence goes on across restarts of
        // either stage, so every later one is new to act.
        let lastOutcome = host.resumed.envelope(of: .actionOutcome)?.body.actionOutcome
        var handled = lastOutcome?.decision.sequence ?? 0
        // Decisions decide recorded while act was down (subscribed first, so none falls between the two).
        for envelope in catchUp.decisions(after: handled, nowNanos: StageHost.wallClockNanos()) {
            logger.notice("executing a decision made while act was down", metadata: ["id": "\(envelope.id)"])
            try await execute(envelope, executor: executor, host: host)
            handled = envelope.sequence
        }
        try await host.run(subscriber) { decision in
            guard decision.sequence > handled else { return }
            // A jump in decide's sequence (act was away, decide restarted, the bus dropped): the decisions in
            // between are in decide's log.
            if decision.sequence > handled + 1 {
                let range = (handled + 1)...(decision.sequence - 1)
                let missed = catchUp.decisions(in: range, nowNanos: decision.timeNanos)
                if !missed.isEmpty {
                    logger.notice("catching up on decisions from decide's log", metadata: ["count": "\(missed.count)"])
                }
                for envelope in missed { try await execute(envelope, executor: executor, host: host) }
            }
            try await execute(decision, executor: executor, host: host)
            handled = decision.sequence
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
            for envelope in missed { try await execute(envelope, executor: executor, host: host) }
        }
    }

    private func execute(_ decision: Envelope, executor: ActionExecutor, host: StageHost) async throws {
        let started = ContinuousClock.now
        guard let outcome = await executor.execute(decision) else { return }
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
            guard let process = settings.process else {
                throw StageError(
                    .configuration,
                    "\(topology.file): stages.act.process is required with actuator: process"
                )
            }
            return ProcessActuator(configuration: process, logger: logger)
        case .kubernetes:
            guard let kubernetes = settings.kubernetes else {
                throw StageError(
                    .configuration,
                    "\(topology.file): stages.act.kubernetes is required with actuator: kubernetes"
                )
            }
            return try KubernetesActuator(configuration: kubernetes, logger: logger)
        }
    }
}
