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

    public func run() async throws {
        let settings = try topology.settings(DecisionConfiguration.self, for: .decide)
        do {
            try settings.validate()
        } catch {
            throw StageError(.configuration, "\(topology.file): stages.decide: \(error)")
        }
        let host = try await StageHost(
            stage: .decide,
            topology: topology,
            configuration: try settings.jsonValue(),
            noDrop: true,
            metrics: metrics,
            logger: logger
        )
        let last = host.resumed.envelope(of: .decision)?.body.decision
        var engine: DecisionEngine
        do {
            engine = try DecisionEngine(configuration: settings, resumingFrom: last)
        } catch {
            logger.warning("cannot resume the engine from the log; starting fresh", metadata: ["error": "\(error)"])
            engine = try DecisionEngine(configuration: settings)
        }
        let subscriber = try await host.subscribe(to: [.orient, .act], kinds: [.orientation, .actionOutcome])
        let heartbeats = host.startHeartbeats()
        StageReadiness.announce()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { [engine] in
                var engine = engine
                var learnt: [EventID] = []
                for await event in subscriber.events {
                    host.received(event)
                    guard let envelope = event.envelope else { continue }
                    let started = ContinuousClock.now
                    guard let decision = engine.handle(envelope) else {
                        if envelope.kind == .actionOutcome { learnt.append(envelope.id) }
                        continue
                    }
                    try await host.emit(
                        .decision(decision),
                        timeNanos: envelope.timeNanos,
                        causes: learnt + [envelope.id]
                    )
                    learnt.removeAll()
                    host.metrics.processed(kind: "orientation", duration: ContinuousClock.now - started)
                }
            }
            try? await gracefulShutdown()
            await subscriber.close()
        }
        heartbeats.cancel()
        await host.close()
    }
}
