import Logging
import OODABus
import OODACore
import OODAEventLog
import OODAObserve
import OODAPolicy
import ServiceLifecycle

/// The orient process: observations in, orientations out, through the adaptive Kalman policy.
///
/// Resumes its filter exactly from the last Orientation in its log, so a restart does not reset what it
/// has learnt of the service.
public struct OrientStage: Service {
    let topology: Topology
    let metrics: StageMetrics
    let logger: Logger

    public init(topology: Topology, metrics: StageMetrics, logger: Logger) {
        self.topology = topology
        self.metrics = metrics
        self.logger = logger
    }

    /// orient's settings from the topology, checked as the stage checks them; no I/O.
    public static func settings(from topology: Topology) throws -> OrientConfiguration {
        let settings = try topology.settings(OrientConfiguration.self, for: .orient)
        do {
            try settings.validate()
        } catch {
            throw StageError(.configuration, "\(topology.file): stages.orient: \(error)")
        }
        return settings
    }

    public func run() async throws {
        let settings = try Self.settings(from: topology)
        let host = try await StageHost(
            stage: .orient,
            topology: topology,
            configuration: try settings.jsonValue(),
            metrics: metrics,
            logger: logger
        )
        let last = host.resumed.envelope(of: .orientation)?.body.orientation
        var (orienter, resumeFailure) = try Orienter.resumingIfPossible(configuration: settings, from: last)
        if let resumeFailure {
            logger.warning(
                "cannot resume the filter from the log; starting fresh",
                metadata: ["error": "\(resumeFailure)"]
            )
        }
        let subscriber = try await host.subscribe(to: [.observe], kinds: [.observation])
        // An observation that cannot be used (a field missing, a value out of range) is usually the first of
        // many alike: logged when that starts, when its reason changes and when it stops.
        var unusable = RepeatedCondition()
        try await host.run(subscriber) { observation in
            let started = ContinuousClock.now
            do {
                let orientation = try orienter.orient(observation)
                if case .ended(let times) = unusable.note(nil) {
                    logger.notice("observations used again", metadata: ["notUsed": "\(times)"])
                }
                try await host.emit(
                    .orientation(orientation),
                    timeNanos: observation.timeNanos,
                    causes: [observation.id]
                )
            } catch let error as PolicyError {
                if unusable.note("\(error.code) \(error.field ?? "")") != nil {
                    logger.warning(
                        "observation not used; logged again only when the reason changes or it stops",
                        metadata: ["id": "\(observation.id)", "error": "\(error)"]
                    )
                }
            }
            metrics.processed(kind: "observation", duration: ContinuousClock.now - started)
        }
    }
}
