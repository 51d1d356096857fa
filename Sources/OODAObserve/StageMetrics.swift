import CoreMetrics
import Prometheus
import Synchronization

/// A stage's own figures, recorded through swift-metrics into a Prometheus registry served at `/metrics`.
///
/// Every figure carries the `stage` label. The registry is the stage's own, not the process-wide
/// `MetricsSystem`, so several stages (or tests) in one process never share counters.
public final class StageMetrics: Sendable {
    /// The registry the figures live in; ``MetricsEndpoint`` serves it.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory over ``registry``; pass it to `Counter(label:dimensions:factory:)` for more.
    public let factory: DocumentedMetricsFactory
    /// The stage's name, the `stage` label of every figure.
    public let stage: String

    private let logAppends: CoreMetrics.Counter
    private let restarts: CoreMetrics.Counter
    private let gaps: CoreMetrics.Counter
    private let fsyncs: CoreMetrics.Timer
    private let cycles: CoreMetrics.Timer
    /// The per-kind handles of the figures recorded for every message, made once each. Making one through the
    /// factory looks it up in the registry (a lock, building its name and labels, checking its help text), which
    /// cost a stage about a microsecond per figure per message, cold, on the loop's path.
    private let received = HandleCache<CoreMetrics.Counter>()
    private let publishedCounters = HandleCache<CoreMetrics.Counter>()
    private let ages = HandleCache<CoreMetrics.Timer>()
    private let processingTimes = HandleCache<CoreMetrics.Timer>()

    /// The help text and buckets of every figure a stage records.
    public static let descriptions: [String: DocumentedMetricsFactory.Description] = [
        "ooda_messages_received_total": .init(help: "Messages received from the bus, by kind."),
        "ooda_messages_published_total": .init(help: "Messages published on the bus, by kind."),
        "ooda_frames_rejected_total": .init(help: "Frames refused because they did not decode, by reason."),
        "ooda_bus_refused_total": .init(
            help: "Subscribers and pushing services refused because their CURVE key is not authorized."
        ),
        "ooda_bus_handshake_failures_total": .init(
            help: "Publishers that started refusing or failing this stage's CURVE handshake, by reason."
        ),
        "ooda_sequence_gaps_total": .init(help: "Messages missed from a publisher, detected by sequence gaps."),
        "ooda_processing_duration_seconds": .init(
            help: "Time to process one message, by kind.",
            durationBuckets: [
                .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100),
                .seconds(1),
            ]
        ),
        "ooda_event_age_at_publication_seconds": .init(
            help: "Time from the event time of the observation a message derives from to its publication by this "
                + "stage, by kind: observe's cycle, or the loop's latency up to this stage.",
            durationBuckets: ageBuckets
        ),
        "ooda_log_appends_total": .init(help: "Records appended to the stage's event log."),
        "ooda_log_fsync_duration_seconds": .init(
            help: "Time an fsync of the event log took.",
            durationBuckets: [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(500),
            ]
        ),
        "ooda_restarts_total": .init(help: "Times the stage restarted and recovered from its log."),
        "ooda_observe_cycle_duration_seconds": .init(
            help: "Time one observe cycle took, all sources together.",
            durationBuckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
            ]
        ),
        "ooda_source_up": .init(help: "Whether a metric source was readable in the last cycle (1) or not (0)."),
        "ooda_source_samples": .init(help: "Samples a metric source yielded in the last cycle."),
        "ooda_source_errors_total": .init(help: "Cycles in which a metric source met an error."),
        "ooda_push_accepted_samples_total": .init(help: "Pushed samples accepted, by transport."),
        "ooda_push_refused_total": .init(help: "Pushes refused, by transport and code."),
    ]

    /// Every 100 µs up to 2 ms, where the loop's latency lies, then wider up to a minute (a stage catching up).
    static let ageBuckets: [Duration] =
        (1...20).map { .microseconds(100 * $0) }
        + [2.5, 3, 4, 5, 7.5, 10, 25, 50, 100, 250, 500].map { .microseconds(Int($0 * 1000)) }
        + [1, 2.5, 5, 10, 30, 60].map { .milliseconds(Int($0 * 1000)) }

    /// Creates the figures of one stage.
    ///
    /// - Parameters:
    ///   - stage: The stage's name: `observe`, `orient`, `decide`, `act`.
    ///   - registry: The registry to record into; a new one by default.
    public init(stage: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.stage = stage
        let factory = DocumentedMetricsFactory(registry: registry, descriptions: Self.descriptions)
        self.factory = factory
        let labels = [("stage", stage)]
        // Created now so a scrape shows them at zero before the first event.
        logAppends = CoreMetrics.Counter(label: "ooda_log_appends_total", dimensions: labels, factory: factory)
        restarts = CoreMetrics.Counter(label: "ooda_restarts_total", dimensions: labels, factory: factory)
        gaps = CoreMetrics.Counter(label: "ooda_sequence_gaps_total", dimensions: labels, factory: factory)
        fsyncs = CoreMetrics.Timer(label: "ooda_log_fsync_duration_seconds", dimensions: labels, factory: factory)
        cycles = CoreMetrics.Timer(label: "ooda_observe_cycle_duration_seconds", dimensions: labels, factory: factory)
    }

    /// Counts a message received from the bus.
    public func messageReceived(kind: String) {
        received.handle(for: kind) { counter("ooda_messages_received_total", [("kind", kind)]) }.increment()
    }

    /// Counts a message published on the bus.
    public func messagePublished(kind: String) {
        publishedCounters.handle(for: kind) { counter("ooda_messages_published_total", [("kind", kind)]) }.increment()
    }

    /// Records how old a published message's originating observation was when this stage published it.
    ///
    /// - Parameters:
    ///   - kind: The published message's kind.
    ///   - nanoseconds: Publication time minus the event time the message carries (clamped at zero).
    public func published(kind: String, ageNanoseconds nanoseconds: Int64) {
        ages.handle(for: kind) {
            CoreMetrics.Timer(
                label: "ooda_event_age_at_publication_seconds",
                dimensions: labels([("kind", kind)]),
                factory: factory
            )
        }
        .recordNanoseconds(max(0, nanoseconds))
    }

    /// Counts a frame refused, with a short reason such as `undecodable` or `unknown_schema`.
    public func frameRejected(reason: String) {
        counter("ooda_frames_rejected_total", [("reason", reason)]).increment()
    }

    /// Counts subscribers (or pushing services) refused because their CURVE key is not authorized.
    public func subscribersRefused(_ count: Int) {
        guard count > 0 else { return }
        counter("ooda_bus_refused_total", []).increment(by: Int64(count))
    }

    /// Counts a publisher that started refusing, or failing, this stage's CURVE handshake, by reason.
    public func handshakeFailed(reason: String) {
        counter("ooda_bus_handshake_failures_total", [("reason", reason)]).increment()
    }

    /// Counts messages missed from a publisher.
    ///
    /// - Parameter missing: How many sequence numbers were skipped.
    public func gapDetected(missing: Int) {
        gaps.increment(by: Int64(max(0, missing)))
    }

    /// Records the time one message took to process.
    public func processed(kind: String, duration: Duration) {
        processingTimes.handle(for: kind) {
            CoreMetrics.Timer(
                label: "ooda_processing_duration_seconds",
                dimensions: labels([("kind", kind)]),
                factory: factory
            )
        }
        .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts records appended to the event log.
    public func logAppended(records: Int = 1) {
        logAppends.increment(by: Int64(max(0, records)))
    }

    /// Records the time one fsync of the event log took.
    public func fsyncCompleted(duration: Duration) {
        fsyncs.recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a restart of the stage.
    public func restarted() {
        restarts.increment()
    }

    /// Records the time one observe cycle took.
    public func cycleCompleted(duration: Duration) {
        cycles.recordNanoseconds(duration.nanoseconds)
    }

    /// Records a source's health and sample count after a cycle.
    ///
    /// - Parameter status: The source's name, health and number of samples.
    public func sourceReported(_ status: SourceStatus) {
        let source = [("source", status.name)]
        CoreMetrics.Meter(label: "ooda_source_up", dimensions: labels(source), factory: factory)
            .set(status.health.status == .down ? 0 : 1)
        CoreMetrics.Meter(label: "ooda_source_samples", dimensions: labels(source), factory: factory).set(
            status.sampleCount
        )
        if !status.health.errors.isEmpty {
            counter("ooda_source_errors_total", source).increment()
        }
    }

    /// Counts pushed samples accepted, by transport (`http`, `zmq`).
    public func pushAccepted(samples: Int, transport: String) {
        counter("ooda_push_accepted_samples_total", [("transport", transport)]).increment(by: Int64(samples))
    }

    /// Counts a refused push, by transport and the refusal's code.
    public func pushRefused(transport: String, code: ObserveError.Code) {
        counter("ooda_push_refused_total", [("transport", transport), ("code", code.description)]).increment()
    }

    private func labels(_ extra: [(String, String)]) -> [(String, String)] {
        [("stage", stage)] + extra
    }

    private func counter(_ label: String, _ extra: [(String, String)]) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: label, dimensions: labels(extra), factory: factory)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product &+ attoseconds / 1_000_000_000
    }
}
