import Foundation
import OODACore
import Prometheus
import Testing

@testable import OODAObserve

@Suite(.serialized) struct MetricsEndpointTests {
    /// An observe stage's figures after one cycle with labelled, escaped and unusual values.
    private func observeStage() -> (StageMetrics, PushIngestor, MetricsEndpoint) {
        let metrics = StageMetrics(stage: "observe")
        metrics.messagePublished(kind: "observation")
        metrics.published(kind: "observation", ageNanoseconds: 350_000)
        metrics.messageReceived(kind: "action_outcome")
        metrics.frameRejected(reason: "undecodable")
        metrics.gapDetected(missing: 2)
        metrics.processed(kind: "observation", duration: .microseconds(700))
        metrics.logAppended()
        metrics.fsyncCompleted(duration: .milliseconds(3))
        metrics.restarted()
        metrics.cycleCompleted(duration: .milliseconds(4))
        metrics.sourceReported(SourceStatus(name: "host", health: .up, sampleCount: 12))
        let export = ObservedMetricsExport(registry: metrics.registry)
        export.update(
            with: Observation(samples: [
                MetricSample(name: MetricName.cpuUsage, value: 0.42, source: "proc"),
                MetricSample(
                    name: MetricName.latencyMs,
                    value: 12.5,
                    labels: ["route": "/api \"v1\"\n"],
                    source: "push"
                ),
                MetricSample(name: "odd", value: .nan, labels: ["metric": "shadowed"], source: "scrape:http://x"),
            ])
        )
        let inbox = PushIngestor()
        let endpoint = MetricsEndpoint(
            configuration: MetricsEndpointConfiguration(port: 0),
            registry: metrics.registry,
            metrics: metrics,
            inbox: inbox,
            logger: RunningEndpoint.logger
        ) { StageHealth(stage: "observe", sources: [SourceStatus(name: "host", health: .up, sampleCount: 12)]) }
        return (metrics, inbox, endpoint)
    }

    /// The per-message figures keep their handles between calls: repeated calls add up, per kind.
    @Test func perMessageFiguresAddUpPerKind() {
        let metrics = StageMetrics(stage: "orient")
        for _ in 0..<3 {
            metrics.messageReceived(kind: "observation")
            metrics.processed(kind: "observation", duration: .microseconds(300))
            metrics.messagePublished(kind: "orientation")
            metrics.published(kind: "orientation", ageNanoseconds: 400_000)
        }
        metrics.messageReceived(kind: "actionOutcome")
        metrics.published(kind: "orientation", ageNanoseconds: 1_500_000)
        let samples = ExpositionParser().parse(metrics.registry.emitToString()).samples
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }
        #expect(value("ooda_messages_received_total", ["stage": "orient", "kind": "observation"]) == 3)
        #expect(value("ooda_messages_received_total", ["stage": "orient", "kind": "actionOutcome"]) == 1)
        #expect(value("ooda_messages_published_total", ["stage": "orient", "kind": "orientation"]) == 3)
        #expect(value("ooda_processing_duration_seconds_count", ["stage": "orient", "kind": "observation"]) == 3)
        let ages = ["stage": "orient", "kind": "orientation"]
        #expect(value("ooda_event_age_at_publication_seconds_count", ages) == 4)
        #expect(value("ooda_event_age_at_publication_seconds_bucket", ages.merging(["le": "0.0005"]) { $1 }) == 3)
    }

    @Test func servesTheStageFiguresAndTheObservedValuesInTheTextFormat() async throws {
        let (_, _, endpoint) = observeStage()
        let (status, text) = try await RunningEndpoint.serve(endpoint) { port in
            try await RunningEndpoint.request("http://127.0.0.1:\(port)/metrics")
        }
        #expect(status == 200)
        let exposition = ExpositionParser().parse(text)
        #expect(exposition.errors.isEmpty, "\(exposition.errors)")
        let samples = exposition.samples
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }
        #expect(value("ooda_messages_published_total", ["stage": "observe", "kind": "observation"]) == 1)
        #expect(value("ooda_frames_rejected_total", ["stage": "observe", "reason": "undecodable"]) == 1)
        #expect(value("ooda_sequence_gaps_total", ["stage": "observe"]) == 2)
        #expect(value("ooda_restarts_total", ["stage": "observe"]) == 1)
        #expect(value("ooda_log_fsync_duration_seconds_count", ["stage": "observe"]) == 1)
        // 350 µs old at publication: in the 400 µs bucket, not the 300 µs one.
        let age = "ooda_event_age_at_publication_seconds_bucket"
        #expect(value(age, ["stage": "observe", "kind": "observation", "le": "0.0003"]) == 0)
        #expect(value(age, ["stage": "observe", "kind": "observation", "le": "0.0004"]) == 1)
        #expect(value(age, ["stage": "observe", "kind": "observation", "le": "+Inf"]) == 1)
        #expect(value("ooda_source_up", ["stage": "observe", "source": "host"]) == 1)
        #expect(value("ooda_observed_value", ["metric": "cpu_usage", "source": "proc"]) == 0.42)
        #expect(
            value("ooda_observed_value", ["metric": "latency_ms", "source": "push", "route": "/api \"v1\"\n"]) == 12.5
        )
        let odd = samples.first { $0.labels["exported_metric"] == "shadowed" }
        #expect(odd?.value.isNaN == true)
        #expect(exposition.families["ooda_processing_duration_seconds"]?.type == .histogram)
        #expect(exposition.families["ooda_observed_value"]?.help?.isEmpty == false)
    }

    @Test func theExportDropsSeriesAbsentFromTheLatestObservation() {
        let registry = PrometheusCollectorRegistry()
        let export = ObservedMetricsExport(registry: registry)
        export.update(with: Observation(samples: [MetricSample(name: "gone_soon", value: 1, source: "push")]))
        export.update(with: Observation(samples: [MetricSample(name: "still_here", value: 2, source: "push")]))
        let text = registry.emitToString()
        #expect(!text.contains("gone_soon"))
        #expect(text.contains(#"ooda_observed_value{metric="still_here",source="push"} 2"#))
    }

    @Test func healthzAnswersTheStagesHealthAsJSON() async throws {
        let (_, _, endpoint) = observeStage()
        let (status, text) = try await RunningEndpoint.serve(endpoint) { port in
            try await RunningEndpoint.request("http://127.0.0.1:\(port)/healthz")
        }
        #expect(status == 200)
        let health = try JSONDecoder().decode(StageHealth.self, from: Data(text.utf8))
        #expect(
            health == StageHealth(stage: "observe", sources: [SourceStatus(name: "host", health: .up, sampleCount: 12)])
        )
    }

    @Test func anUnhealthyStageAnswers503() async throws {
        let endpoint = MetricsEndpoint(
            configuration: MetricsEndpointConfiguration(port: 0),
            registry: PrometheusCollectorRegistry(),
            logger: RunningEndpoint.logger
        ) { StageHealth(stage: "orient", healthy: false, detail: "no observation for 10 s") }
        let (status, text) = try await RunningEndpoint.serve(endpoint) { port in
            try await RunningEndpoint.request("http://127.0.0.1:\(port)/healthz")
        }
        #expect(status == 503)
        #expect(text.contains("no observation for 10 s"))
    }

    @Test func pushOverHTTPAcceptsValidSamplesAndRefusesInvalidOnesWithReasons() async throws {
        let (metrics, inbox, endpoint) = observeStage()
        let (accepted, refused, missing) = try await RunningEndpoint.serve(endpoint) { port in
            let url = "http://127.0.0.1:\(port)/push"
            return (
                try await RunningEndpoint.request(url, post: #"{"metrics": {"omega_score": 0.8}}"#),
                try await RunningEndpoint.request(url, post: #"{"metrics": {"psi_index": 7}}"#),
                try await RunningEndpoint.request("http://127.0.0.1:\(port)/pushh", post: "{}")
            )
        }
        #expect(accepted.status == 202)
        #expect(accepted.text == #"{"accepted":1}"#)
        #expect(refused.status == 400)
        #expect(refused.text.contains("psi_index must be within 0...1, not 7.0"))
        #expect(missing.status == 404)
        let observation = await Observer(sources: [inbox]).observe(atNanos: 1).observation
        #expect(observation.samples == [MetricSample(name: MetricName.omegaScore, value: 0.8, source: "push:http")])
        let text = metrics.registry.emitToString()
        #expect(text.contains(#"ooda_push_accepted_samples_total{stage="observe",transport="http"} 1"#))
        #expect(text.contains(#"ooda_push_refused_total{stage="observe",transport="http",code="invalidSample"} 1"#))
    }

    @Test func promtoolAcceptsTheMetricsOfEveryStage() async throws {
        guard let promtool = ExternalTool.find("promtool") else {
            print("skipped: promtool is not installed (Debian package prometheus)")
            return
        }
        var texts: [String] = []
        let (observe, _, endpoint) = observeStage()
        texts.append(
            try await RunningEndpoint.serve(endpoint) { port in
                try await RunningEndpoint.request("http://127.0.0.1:\(port)/metrics").text
            }
        )
        _ = observe
        for stage in ["orient", "decide", "act"] {
            let metrics = StageMetrics(stage: stage)
            metrics.messageReceived(kind: "observation")
            metrics.processed(kind: "observation", duration: .microseconds(300))
            metrics.published(kind: "decision", ageNanoseconds: 900_000)
            texts.append(metrics.registry.emitToString())
        }
        for text in texts {
            let (status, output) = try ExternalTool.run(promtool, ["check", "metrics"], input: text)
            #expect(status == 0, "promtool check metrics: \(output)")
        }
    }
}
