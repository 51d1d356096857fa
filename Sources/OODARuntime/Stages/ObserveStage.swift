import Logging
import OODABus
import OODACore
import OODAObserve
import ServiceLifecycle

/// The observe process: samples its sources at an interval and publishes one Observation per cycle.
///
/// Event time starts here: each observation is stamped with the wall-clock time of its cycle. Observe also
/// listens to act's outcomes, so the simulated service runs with the replica count act reports.
public struct ObserveStage: Service {
    let topology: Topology
    let metrics: StageMetrics
    let logger: Logger
    /// Push ingestion, served by the stage's metrics endpoint when push is enabled.
    public let inbox: PushIngestor?
    /// The stage's settings from the topology.
    public let settings: ObserveSettings

    public init(topology: Topology, metrics: StageMetrics, logger: Logger) throws {
        self.topology = topology
        self.metrics = metrics
        self.logger = logger
        self.settings = try Self.settings(from: topology)
        self.inbox = settings.push ? PushIngestor() : nil
    }

    /// observe's settings from the topology, checked as the stage checks them (a source at least, every scrape
    /// mapping valid); no I/O.
    public static func settings(from topology: Topology) throws -> ObserveSettings {
        let settings = try topology.settings(ObserveSettings.self, for: .observe)
        for target in settings.scrape {
            do {
                _ = try SeriesMapper(target.mappings)
            } catch {
                throw StageError(.configuration, "\(topology.file): stages.observe.scrape \(target.url): \(error)")
            }
        }
        guard settings.host != nil || settings.simulation != nil || !settings.scrape.isEmpty || settings.push else {
            throw StageError(
                .configuration,
                "\(topology.file): stages.observe has no source; add host, simulation, scrape or push"
            )
        }
        return settings
    }

    /// Logs a source going down or degraded (with why), its reason changing, and its coming back.
    private static func logHealth(of status: SourceStatus, _ trouble: inout RepeatedCondition, _ logger: Logger) {
        let health = status.health
        let reason = health.status == .up ? nil : "\(health.status): \(health.errors.joined(separator: "; "))"
        switch trouble.note(reason) {
        case .began, .changed:
            logger.warning(
                "source \(health.status)",
                metadata: ["source": "\(status.name)", "errors": "\(health.errors.joined(separator: "; "))"]
            )
        case .ended(let times):
            logger.notice("source up again", metadata: ["source": "\(status.name)", "cycles": "\(times)"])
        case nil:
            break
        }
    }

    public func run() async throws {
        var sources: [any MetricSource] = []
        if let host = settings.host {
            sources.append(PrefixedSource(base: HostSource(configuration: host), prefix: settings.hostMetricPrefix))
        }
        let simulation = settings.simulation.map { SimulatedServiceSource(configuration: $0, replicas: 3) }
        if let simulation { sources.append(simulation) }
        for target in settings.scrape {
            do {
                sources.append(try PrometheusScrapeSource(configuration: target))
            } catch {
                throw StageError(.configuration, "\(topology.file): stages.observe.scrape \(target.url): \(error)")
            }
        }
        if let inbox { sources.append(inbox) }
        // What act last reported of the target rides in every observation (orient's rollback rule reads it).
        let target = TargetStateSource()
        if topology.stages[.act] != nil { sources.append(target) }
        let observer = Observer(sources: sources)
        let host = try await StageHost(
            stage: .observe,
            topology: topology,
            configuration: try JSONValue.fromEncodable(settings),
            metrics: metrics,
            logger: logger
        )
        // The simulation follows the replica count act reports (when this topology has an act stage).
        let outcomes = try await host.subscribe(
            to: topology.stages[.act] == nil ? [] : [.act],
            kinds: [.actionOutcome]
        )
        let heartbeats = host.startHeartbeats()
        let interval = settings.interval.duration
        let export = ObservedMetricsExport(registry: metrics.registry)
        await host.awaitConsumer()
        StageReadiness.announce()
        try await withThrowingDiscardingTaskGroup { group in
            // On the thread that reads them (the publisher's), with no hand-off to another.
            group.addTask(executorPreference: host.publishingExecutor) {
                for await event in outcomes.events {
                    host.received(event)
                    if let outcome = event.envelope?.body.actionOutcome {
                        simulation?.setReplicas(outcome.state.replicas)
                        target.update(outcome.state)
                    }
                }
            }
            // On the publisher's thread: each cycle wakes there, and its observation is sent when it sleeps.
            let cycles = Task(executorPreference: host.publishingExecutor) {
                let clock = ContinuousClock()
                var deadline = clock.now
                // Conditions that hold cycle after cycle are logged when they begin, change and end.
                var unrecorded = RepeatedCondition()
                var sourceTrouble: [String: RepeatedCondition] = [:]
                while !Task.isCancelled {
                    let started = clock.now
                    let cycle = await observer.observe(atNanos: StageHost.wallClockNanos())
                    // Stopping cut this cycle short: its scrapes were cancelled, not failed. Recorded, it would
                    // say the sources went down as the stage stopped.
                    if Task.isCancelled { break }
                    do {
                        try await host.emit(.observation(cycle.observation), timeNanos: cycle.atNanos)
                        if case .ended(let times) = unrecorded.note(nil) {
                            logger.notice("observations recorded again", metadata: ["notRecorded": "\(times)"])
                        }
                    } catch {
                        if unrecorded.note("\(error)") != nil {
                            logger.error(
                                "observation not recorded; logged again only when the reason changes or it stops",
                                metadata: ["error": "\(error)"]
                            )
                        }
                    }
                    // Step aside so that the thread sends the observation now; the bookkeeping, and setting the
                    // timer for the next cycle (which wakes the clock's thread), wait until it is on its way.
                    await Task.yield()
                    for status in cycle.sources {
                        host.metrics.sourceReported(status)
                        Self.logHealth(of: status, &sourceTrouble[status.name, default: RepeatedCondition()], logger)
                    }
                    export.update(with: cycle.observation)
                    host.metrics.cycleCompleted(duration: clock.now - started)
                    // Keep the cadence: a slow cycle shortens the next wait, a very slow one skips ticks.
                    deadline += interval
                    if deadline < clock.now { deadline = clock.now }
                    do { try await clock.sleep(until: deadline) } catch { return }
                }
            }
            try? await gracefulShutdown()
            cycles.cancel()
            await cycles.value
            await outcomes.close()
        }
        heartbeats.cancel()
        await host.close()
    }
}
