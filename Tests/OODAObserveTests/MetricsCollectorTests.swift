import OODACore
import Prometheus
import Testing

@testable import OODAObserve

@Suite(.serialized) struct MetricsCollectorTests {
    @Test func keepsTheLatestValueOfEachSeriesWithTheCollectorsLabels() throws {
        let collector = MetricsCollector(labels: ["service": "checkout"], host: nil)
        try collector.update(omegaScore: 0.9, psiIndex: 0.8)
        try collector.update(omegaScore: 0.95)
        try collector.record("orders_open", 12, labels: ["region": "eu"])
        let snapshot = Observation(samples: collector.snapshot())
        #expect(snapshot.samples.count == 3)
        #expect(snapshot.value(of: MetricName.omegaScore, labels: ["service": "checkout"]) == 0.95)
        #expect(snapshot.value(of: MetricName.psiIndex, labels: ["service": "checkout"]) == 0.8)
        #expect(snapshot.value(of: "orders_open", labels: ["region": "eu", "service": "checkout"]) == 12)
    }

    @Test func refusesAnOutOfRangeScoreAndChangesNothing() throws {
        let collector = MetricsCollector(host: nil)
        try collector.update(omegaScore: 0.5)
        let refusal = #expect(throws: PushRefusal.self) { try collector.update(omegaScore: 0.7, psiIndex: 1.5) }
        #expect(refusal?.refused.first?.reason.contains("psi_index must be within 0...1") == true)
        #expect(collector.snapshot() == [MetricSample(name: MetricName.omegaScore, value: 0.5, source: "push")])
        #expect(throws: PushRefusal.self) { try collector.record("bad name", 1) }
    }

    @Test func exportsTextThatPromtoolAndOurParserAccept() throws {
        let collector = MetricsCollector(labels: ["service": "checkout"], host: nil)
        try collector.update(omegaScore: 0.95, betaAntifragile: 1.1)
        try collector.record("orders_open", 12, labels: ["region": "eu \"west\""])
        let text = collector.exportPrometheus()
        let exposition = ExpositionParser().parse(text)
        #expect(exposition.errors.isEmpty)
        #expect(exposition.samples.count == 3)
        #expect(exposition.families["orders_open"]?.type == .gauge)
        if let promtool = ExternalTool.find("promtool") {
            let (status, output) = try ExternalTool.run(promtool, ["check", "metrics"], input: text)
            #expect(status == 0, "\(output)")
        }
    }

    @Test func collectsTheHostsFiguresAtEachReading() async throws {
        let root = try Fixtures.path("proc-synthetic")
        let collector = MetricsCollector(
            labels: ["service": "checkout"],
            host: HostSource(configuration: HostSourceConfiguration(procRoot: root, mountPoints: []))
        )
        await collector.collect(atNanos: 1)
        let snapshot = Observation(samples: collector.snapshot())
        #expect(snapshot.value(of: MetricName.memoryUsage, labels: ["service": "checkout"]) == 0.75)
    }

    @Test func pushesItsValuesToObserve() async throws {
        let inbox = PushIngestor()
        let endpoint = MetricsEndpoint(
            configuration: MetricsEndpointConfiguration(port: 0),
            registry: PrometheusCollectorRegistry(),
            inbox: inbox,
            logger: RunningEndpoint.logger
        ) { StageHealth(stage: "observe") }
        let collector = MetricsCollector(labels: ["service": "checkout"], host: nil)
        try collector.update(omegaScore: 0.93)
        try await RunningEndpoint.serve(endpoint) { port in
            try await collector.push(to: "http://127.0.0.1:\(port)/push")
        }
        let observation = await inbox.sample(atNanos: 1)
        #expect(
            observation.samples == [
                MetricSample(
                    name: MetricName.omegaScore,
                    value: 0.93,
                    labels: ["service": "checkout"],
                    source: "push:http"
                )
            ]
        )
    }
}
