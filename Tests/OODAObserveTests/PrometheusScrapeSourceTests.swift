import OODACore
import Testing

@testable import OODAObserve

@Suite(.serialized) struct PrometheusScrapeSourceTests {
    private static let text = """
        # TYPE app_quality gauge
        app_quality{service="api"} 0.91
        # TYPE app_requests_total counter
        app_requests_total 1000
        broken line here
        """

    // Generous by default: the whole suite runs in parallel on two shared cores; the slow-target tests pass
    // their own short timeouts.
    private func source(_ url: String, timeoutMillis: Int = 15000) throws -> PrometheusScrapeSource {
        try PrometheusScrapeSource(
            configuration: ScrapeTargetConfiguration(
                url: url,
                timeoutMillis: timeoutMillis,
                mappings: [SeriesMapping(field: MetricName.omegaScore, series: "app_quality")],
                keepRawSeries: true
            )
        )
    }

    @Test func scrapesALiveTargetMapsItsSeriesAndReportsRefusedLines() async throws {
        let result = try await TextTarget(text: Self.text).serve { port in
            try await source("http://127.0.0.1:\(port)/metrics").sample(atNanos: 1)
        }
        let observation = Observation(samples: result.samples)
        #expect(observation.value(of: MetricName.omegaScore) == 0.91)
        #expect(observation.value(of: "app_requests_total") == 1000)
        #expect(observation.value(of: "app_quality", labels: ["service": "api"]) == 0.91)
        #expect(result.samples.allSatisfy { $0.source.hasPrefix("scrape:http://127.0.0.1:") })
        #expect(result.health.status == .degraded)
        #expect(result.health.errors.count == 1)
        #expect(result.health.errors.first?.contains(":5:") == true)
    }

    @Test func anUnreachableTargetMarksTheSourceDownAndTheCycleGoesOn() async throws {
        // Bind a port, then stop listening on it, so nothing answers there.
        let port = try await TextTarget(text: "").serve { $0 }
        let observer = Observer(sources: [
            try source("http://127.0.0.1:\(port)/metrics"),
            HostSource(
                configuration: HostSourceConfiguration(procRoot: try Fixtures.path("proc-synthetic"), mountPoints: [])
            ),
        ])
        let cycle = await observer.observe(atNanos: 5)
        #expect(cycle.sources[0].health.status == .down)
        #expect(
            cycle.sources[0].health.errors.first?.contains("cannot be reached") == true,
            "\(cycle.sources[0].health)"
        )
        #expect(cycle.sources[1].health.status == .up)
        #expect(cycle.observation.value(of: MetricName.memoryUsage) == 0.75)
    }

    @Test(arguments: ["slow", "slowbody"])
    func aSlowTargetIsCutAtTheTimeout(path: String) async throws {
        // The target pauses 30 s; only the source's own timeout can end the scrape with this error.
        let result = try await TextTarget(text: "").serve { port in
            try await source("http://127.0.0.1:\(port)/\(path)", timeoutMillis: 300).sample(atNanos: 1)
        }
        #expect(result.health.status == .down)
        #expect(result.health.errors.first?.contains("within 300 ms") == true)
    }

    @Test func aNon200AnswerMarksTheSourceDownWithTheStatus() async throws {
        let result = try await TextTarget(text: "").serve { port in
            try await source("http://127.0.0.1:\(port)/nothing-here").sample(atNanos: 1)
        }
        #expect(result.health.status == .down)
        #expect(result.health.errors.first?.contains("404") == true)
    }
}
