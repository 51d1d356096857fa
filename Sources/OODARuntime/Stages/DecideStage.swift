import Logging
import OODABus
import OODACore
import OODAEventLog
import OODAObserve
import OODAPolicy
import ServiceLifecycle

/// The decide process: orientations and action outcomes in, decisions out.
///
/// Its inputs arrive from two publishers in an order no clock decides, so each decision names as causes the
/// orientation it was decided from and, before it, every outcome the engine learnt since the previous
/// decision: replay feeds them in that order and reproduces the decision exactly. Decisions are published
/// without drops (act must see every one).
public struct DecideStage: Service {
    let topology: Topology
    let metrics: StageMetrics
    let logger: Logger

    public init(topology: Topology, metrics: StageMetrics, logger: Logger) {
        self.topology = topology
        self.metrics = metrics
        self.logger = logger
    }

    /// decide's settings from the topology, checked as the stage checks them; no I/O.
    public static func settings(from topology: Topology) throws -> DecisionConfiguration {
        let settings = try topology.settings(DecisionConfiguration.self, for: .decide)
        do {
            try settings.validate()
        } catch {
            throw StageError(.configuration, "\(topology.file): stages.decide: \(error)")
        }
        return settings
    }

    public func run() async throws {
        let settings = try Self.settings(from: topology)
        let host = try await StageHost(
            stage: .decide,
            topology: topology,
            configuration: try settings.jsonValue(),
            noDrop: true,
            metrics: metrics,
            logger: logger
        )
        let last = host.resumed.envelope(of: .decision)?.body.decision
        var (engine, resumeFailure) = try DecisionEngine.resumingIfPossible(configuration: settings, from: last)
        if let resumeFailure {
            logger.warning(
                "cannot resume the engine from the log; starting fresh",
                metadata: ["error": "\(resumeFailure)"]
            )
        }
        let subscriber = try await host.subscribe(to: [.orient, .act], kinds: [.orientation, .actionOutcome])
        var learnt: [EventID] = []
        try await host.run(subscriber) { envelope in
            let started = ContinuousClock.now
            guard let decision = engine.handle(envelope) else {
                if envelope.kind == .actionOutcome { learnt.append(envelope.id) }
                return
            }
            try await host.emit(.decision(decision), timeNanos: envelope.timeNanos, causes: learnt + [envelope.id])
            learnt.removeAll()
            metrics.processed(kind: "orientation", duration: ContinuousClock.now - started)
        }
    }
}
