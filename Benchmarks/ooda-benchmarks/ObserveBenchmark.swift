import Foundation
import Logging
import OODACore
import OODAObserve

/// One observe cycle: host sampling plus a scrape of a 1,000-series target plus parsing and mapping.
///
/// Prints the cycle's latency distribution (target: at most 10 ms), the parse time alone, and the
/// process's memory while cycling at 10 Hz.
func runObserveBenchmark() async throws {
    let registry = StageMetrics(stage: "target").registry
    let series = (0..<1000).map { index in
        MetricSample(
            name: "series_\(index % 50)",
            value: Double(index) * 1.5,
            labels: ["instance": "host-\(index / 50)", "route": "/api/v\(index % 7)"],
            source: "bench"
        )
    }
    ObservedMetricsExport(registry: registry).update(with: Observation(samples: series))
    let endpoint = MetricsEndpoint(
        configuration: MetricsEndpointConfiguration(port: 0),
        registry: registry,
        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    ) { StageHealth(stage: "target") }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await endpoint.run() }
        defer { group.cancelAll() }
        guard let port = await endpoint.listeningPort() else { return }
        let url = "http://127.0.0.1:\(port)/metrics"
        let scrape = try PrometheusScrapeSource(
            configuration: ScrapeTargetConfiguration(
                url: url,
                mappings: [
                    SeriesMapping(
                        field: MetricName.throughput,
                        series: "ooda_observed_value",
                        labels: ["metric": "series_1"],
                        rate: true
                    ),
                    SeriesMapping(
                        field: MetricName.latencyMs,
                        series: "ooda_observed_value",
                        labels: ["metric": "series_2"],
                        aggregation: .max
                    ),
                    SeriesMapping(
                        field: MetricName.omegaScore,
                        series: "ooda_observed_value",
                        labels: ["metric": "series_3", "instance": "host-0"]
                    ),
                ]
            )
        )
        let observer = Observer(sources: [HostSource(), scrape])
        let clock = ContinuousClock()
        let origin = clock.now
        func nanos() -> Int64 { (clock.now - origin).benchmarkNanos }

        for _ in 0..<20 { _ = await observer.observe(atNanos: nanos()) }
        var cycles: [Duration] = []
        var lastCycle: ObservationCycle?
        for _ in 0..<500 {
            let start = clock.now
            lastCycle = await observer.observe(atNanos: nanos())
            cycles.append(clock.now - start)
        }
        // The same 1,000 series as the target serves them, parsed alone without the HTTP round trip.
        let body = ExpositionWriter.render(
            series.map {
                MetricSample(
                    name: "ooda_observed_value",
                    value: $0.value,
                    labels: $0.labels.merging(["metric": $0.name, "source": $0.source]) { own, _ in own },
                    source: $0.source
                )
            }
        ) { _ in "Latest value of each observed metric." }
        var parses: [Duration] = []
        for _ in 0..<200 {
            let start = clock.now
            let exposition = ExpositionParser().parse(body)
            parses.append(clock.now - start)
            precondition(exposition.samples.count >= 1000)
        }
        print("observe cycle: host + scrape of \(body.split(separator: "\n").count) lines over HTTP + parse + map")
        print("  sources: \(lastCycle?.sources.map { "\($0.name)=\($0.health.status.rawValue)" } ?? [])")
        report("cycle", cycles)
        report("parse only", parses)

        let before = ResidentMemory.read()
        let next = clock.now
        for tick in 1...100 {
            _ = await observer.observe(atNanos: nanos())
            try await clock.sleep(until: next.advanced(by: .milliseconds(100 * tick)))
        }
        let after = ResidentMemory.read()
        print(
            "memory at 10 Hz over 100 cycles: RSS \(before.rss / 1024) KiB -> \(after.rss / 1024) KiB, "
                + "peak \(after.peak / 1024) KiB"
        )
    }
}

private func report(_ name: String, _ durations: [Duration]) {
    let sorted = durations.sorted()
    func millis(_ duration: Duration) -> String { String(format: "%.3f ms", Double(duration.benchmarkNanos) / 1e6) }
    func at(_ quantile: Double) -> Duration { sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))] }
    let mean = sorted.reduce(Duration.zero, +) / sorted.count
    print(
        "  \(name) (n=\(sorted.count)): p50 \(millis(at(0.5))), p90 \(millis(at(0.9))), p99 \(millis(at(0.99))), "
            + "max \(millis(sorted.last ?? .zero)), mean \(millis(mean))"
    )
}

/// The process's resident and peak resident memory, from `/proc/self/status`.
private enum ResidentMemory {
    static func read() -> (rss: Int, peak: Int) {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}

extension Duration {
    fileprivate var benchmarkNanos: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
