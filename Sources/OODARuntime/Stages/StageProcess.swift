import Foundation
import Logging
import OODACore
import OODAObserve
import ServiceLifecycle
import UnixSignals
import ZeroMQ

/// One stage as a process: the stage's service, its `/metrics` and `/healthz` endpoint when the topology
/// gives it an address, and a graceful stop on SIGTERM or SIGINT.
public enum StageProcess {
    /// Runs `stage` of the topology in `file` until it is asked to stop.
    ///
    /// - Throws: ``TopologyError`` or ``StageError`` saying what is wrong, with the file and field.
    public static func run(_ stage: StageName, topologyFile file: String, logger: Logger) async throws {
        // A stage writes its log lines to a pipe the launcher reads; when the launcher stops reading (it is
        // shutting down), a write must fail with EPIPE, not kill the stage before it has flushed its log.
        signal(SIGPIPE, SIG_IGN)
        let topology = try Topology.load(file: file)
        let endpoints = try topology.endpoints(of: stage)
        let metrics = StageMetrics(stage: stage.rawValue)
        var inbox: PushIngestor?
        var pushEndpoint: String?
        let service: any Service
        switch stage {
        case .observe:
            let observe = try ObserveStage(topology: topology, metrics: metrics, logger: logger)
            inbox = observe.inbox
            pushEndpoint = observe.settings.pushEndpoint
            service = observe
        case .orient: service = OrientStage(topology: topology, metrics: metrics, logger: logger)
        case .decide: service = DecideStage(topology: topology, metrics: metrics, logger: logger)
        case .act: service = ActStage(topology: topology, metrics: metrics, logger: logger)
        default: throw StageError(.configuration, "'\(stage)' is not a stage; run observe, orient, decide or act")
        }
        var metricsEndpoint: MetricsEndpoint?
        if let address = endpoints.metrics {
            let (host, port) = try address.hostAndPort(in: topology, stage: stage)
            metricsEndpoint = MetricsEndpoint(
                configuration: MetricsEndpointConfiguration(host: host, port: port),
                registry: metrics.registry,
                metrics: metrics,
                inbox: inbox,
                logger: logger,
                health: { StageHealth(stage: stage.rawValue) }
            )
        }
        var services = [
            ServiceGroupConfiguration.ServiceConfiguration(
                service: metricsEndpoint.map { AfterListening(endpoint: $0, stage: service) } ?? service,
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        ]
        if let watch = LauncherWatch(environment: ProcessInfo.processInfo.environment, logger: logger) {
            // Its return (the launcher is gone) stops the whole stage gracefully.
            services.append(
                .init(
                    service: watch,
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup
                )
            )
        }
        if let pushEndpoint, let inbox {
            // The same JSON as POST /push, on a ZeroMQ PULL socket of its own; with CURVE, it has observe's keys
            // and admits the keys directory's public certificates, as observe's publisher does.
            try BusEndpoint(parsing: pushEndpoint).prepareLocalPath()
            let curve: (keys: ZMQCurveKeyPair, authorized: Set<String>)?
            do {
                curve = try topology.publisherCurve(of: stage)
            } catch {
                throw StageError(.configuration, "cannot secure the push socket with CURVE: \(error)")
            }
            let receiver = ZeroMQPushReceiver(
                endpoint: pushEndpoint,
                context: try ZMQContext(),
                inbox: inbox,
                metrics: metrics,
                curve: curve,
                logger: logger
            )
            services.append(.init(service: receiver))
        }
        if let metricsEndpoint { services.append(.init(service: metricsEndpoint)) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

extension String {
    fileprivate func hostAndPort(in topology: Topology, stage: StageName) throws -> (String, Int) {
        guard let colon = lastIndex(of: ":"), let port = Int(self[index(after: colon)...]) else {
            throw StageError(.configuration, "\(topology.file): stages.\(stage).metrics: '\(self)' is not HOST:PORT")
        }
        return (String(self[..<colon]), port)
    }
}

/// A stage's service started once its metrics endpoint listens: a port already taken then stops the stage with
/// the endpoint's error before the stage opens its log or says it is ready, instead of just after.
private struct AfterListening: Service {
    let endpoint: MetricsEndpoint
    let stage: any Service

    func run() async throws {
        // nil: the endpoint stopped before it listened, and its own error says why.
        guard await endpoint.listeningPort() != nil else { return }
        try await stage.run()
    }
}
