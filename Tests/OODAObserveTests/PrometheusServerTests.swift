import Foundation
import OODACore
import Prometheus
import Testing

@testable import OODAObserve

@Suite(.serialized) struct PrometheusServerTests {
    @Test func aRealPrometheusScrapesTheStageAndItsQueryAPIReturnsOurSeries() async throws {
        guard let prometheus = ExternalTool.find("prometheus") else {
            print("skipped: prometheus is not installed (Debian package prometheus)")
            return
        }
        let metrics = StageMetrics(stage: "observe")
        metrics.restarted()
        ObservedMetricsExport(registry: metrics.registry)
            .update(
                with: Observation(samples: [MetricSample(name: MetricName.omegaScore, value: 0.87, source: "push")])
            )
        let endpoint = MetricsEndpoint(
            configuration: MetricsEndpointConfiguration(port: 0),
            registry: metrics.registry,
            logger: RunningEndpoint.logger
        ) { StageHealth(stage: "observe") }
        // A port that was free a moment ago, for Prometheus' own web server.
        let webPort = try await TextTarget(text: "").serve { $0 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ooda-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let answer = try await RunningEndpoint.serve(endpoint) { port in
            let configuration = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: ooda-observe
                    static_configs:
                      - targets: ['127.0.0.1:\(port)']
                """
            let configPath = directory.appendingPathComponent("prometheus.yml")
            try configuration.write(to: configPath, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: prometheus)
            process.arguments = [
                "--config.file=\(configPath.path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(webPort)",
                "--log.level=error",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let query = "ooda_observed_value%7Bmetric%3D%22omega_score%22%7D"
            let url = "http://127.0.0.1:\(webPort)/api/v1/query?query=\(query)"
            // Prometheus needs a few seconds to start and scrape; ask until it answers, at most 60 s.
            for _ in 0..<120 {
                if let (status, text) = try? await RunningEndpoint.request(url), status == 200, text.contains("0.87") {
                    return text
                }
                guard process.isRunning else { return "prometheus exited with \(process.terminationStatus)" }
                try await Task.sleep(for: .milliseconds(500))
            }
            return "no answer with our series within 60 s"
        }
        #expect(answer.contains(#""job":"ooda-observe""#), "\(answer)")
        #expect(answer.contains(#""metric":"omega_score""#))
        #expect(answer.contains(#""0.87""#))
    }
}
