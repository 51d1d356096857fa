import Foundation
import OODACore
import Testing

@testable import OODAObserve

@Suite struct SeriesMapperTests {
    private func map(_ mappings: [SeriesMapping], _ texts: [(String, Int64)]) throws -> [[MetricSample]] {
        var mapper = try SeriesMapper(mappings)
        return texts.map { text, nanos in
            mapper.map(ExpositionParser().parse(text), atNanos: nanos, source: "scrape:test").samples
        }
    }

    @Test func mapsAGaugeMatchedByLabelsToAStateField() throws {
        let text = """
            service_health{kind="omega",service="api"} 0.93
            service_health{kind="omega",service="web"} 0.5
            service_health{kind="psi",service="api"} 0.8
            """
        let results = try map(
            [
                SeriesMapping(
                    field: MetricName.omegaScore,
                    series: "service_health",
                    labels: ["kind": "omega", "service": "api"]
                ),
                SeriesMapping(field: MetricName.psiIndex, series: "service_health", labels: ["kind": "psi"]),
            ],
            [(text, 0)]
        )
        #expect(
            results[0] == [
                MetricSample(name: MetricName.omegaScore, value: 0.93, source: "scrape:test"),
                MetricSample(name: MetricName.psiIndex, value: 0.8, source: "scrape:test"),
            ]
        )
    }

    @Test func aggregatesSeveralMatchingSeries() throws {
        let text = "queue_depth{q=\"a\"} 3\nqueue_depth{q=\"b\"} 5\n"
        let results = try map(
            [
                SeriesMapping(field: "depth_sum", series: "queue_depth"),
                SeriesMapping(field: "depth_max", series: "queue_depth", aggregation: .max),
                SeriesMapping(field: "depth_avg", series: "queue_depth", aggregation: .avg),
            ],
            [(text, 0)]
        )
        #expect(results[0].map(\.value) == [8, 5, 4])
    }

    @Test func rateIsThePerSecondIncreaseAndTreatsADropAsAReset() throws {
        let mapping = SeriesMapping(field: MetricName.throughput, series: "http_requests_total", rate: true)
        let results = try map(
            [mapping],
            [
                ("http_requests_total{code=\"200\"} 100\nhttp_requests_total{code=\"500\"} 10\n", 0),
                ("http_requests_total{code=\"200\"} 300\nhttp_requests_total{code=\"500\"} 10\n", 2_000_000_000),
                ("http_requests_total{code=\"200\"} 50\nhttp_requests_total{code=\"500\"} 12\n", 3_000_000_000),
            ]
        )
        #expect(results[0].isEmpty)
        #expect(results[1].first?.value == 100)
        #expect(results[2].first?.value == 52)
    }

    @Test func readsAQuantileFromHistogramBucketsAsPromQLDoes() throws {
        let text = try Fixtures.text("exposition/histogram-summary.prom")
        let results = try map(
            [
                SeriesMapping(field: "p50", series: "http_request_duration_seconds", quantile: 0.5, scale: 1000),
                SeriesMapping(field: "p99", series: "http_request_duration_seconds", quantile: 0.99),
            ],
            [(text, 0)]
        )
        // rank 72160 falls in (0.1, 0.2]: 0.1 + 0.1 * (72160 - 33444) / (100392 - 33444).
        let p50 = try #require(results[0].first?.value)
        #expect(abs(p50 - (0.1 + 0.1 * (72160.0 - 33444) / (100392 - 33444)) * 1000) < 1e-9)
        // rank 142876.8 is beyond the last finite bucket: the answer is its bound.
        #expect(results[0].last?.value == 1)
    }

    @Test func aQuantileWithRateUsesTheBucketIncreasesBetweenScrapes() throws {
        func histogram(_ fast: Int, _ total: Int) -> String {
            "lat_bucket{le=\"0.1\"} \(fast)\nlat_bucket{le=\"1\"} \(total)\nlat_bucket{le=\"+Inf\"} \(total)\n"
        }
        let mapping = SeriesMapping(field: MetricName.latencyMs, series: "lat", rate: true, quantile: 0.5, scale: 1000)
        // Before: every request fast. Between the scrapes: 100 slow requests only.
        let results = try map([mapping], [(histogram(1000, 1000), 0), (histogram(1000, 1100), 1_000_000_000)])
        #expect(results[0].isEmpty)
        let median = try #require(results[1].first?.value)
        #expect(abs(median - 550) < 1e-9)
    }

    @Test func readsAQuantileFromASummary() throws {
        let text = try Fixtures.text("exposition/histogram-summary.prom")
        let results = try map(
            [SeriesMapping(field: "rpc_p90", series: "rpc_duration_seconds", quantile: 0.9)],
            [(text, 0)]
        )
        #expect(results[0].first?.value == 9001)
    }

    @Test func regexAndNegativeMatchersAreFullyAnchored() throws {
        let text = "req{path=\"/api/a\"} 1\nreq{path=\"/api/b\"} 2\nreq{path=\"/x/api/c\"} 4\nreq{path=\"/health\"} 8\n"
        let results = try map(
            [
                SeriesMapping(
                    field: "api",
                    series: "req",
                    matchers: [LabelMatcher(label: "path", op: .matches, value: "/api/.*")]
                ),
                SeriesMapping(
                    field: "not_health",
                    series: "req",
                    matchers: [LabelMatcher(label: "path", op: .notEqual, value: "/health")]
                ),
                SeriesMapping(
                    field: "not_api",
                    series: "req",
                    matchers: [LabelMatcher(label: "path", op: .notMatches, value: "/api/.*")]
                ),
            ],
            [(text, 0)]
        )
        #expect(results[0].map(\.value) == [3, 7, 12])
    }

    @Test func reportsAMappingThatMatchesNothing() throws {
        var mapper = try SeriesMapper([SeriesMapping(field: MetricName.omegaScore, series: "absent")])
        let (samples, problems) = mapper.map(ExpositionParser().parse("present 1\n"), atNanos: 0, source: "s")
        #expect(samples.isEmpty)
        #expect(problems == ["omega_score: no series absent matched"])
    }

    @Test func refusesARegexThatDoesNotCompile() {
        let mapping = SeriesMapping(
            field: "f",
            series: "s",
            matchers: [LabelMatcher(label: "a", op: .matches, value: "(")]
        )
        let error = #expect(throws: ObserveError.self) { try SeriesMapper([mapping]) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func decodesFromTopologyJSONWithDefaults() throws {
        let json = """
            [{"field": "latency_ms", "series": "lat", "quantile": 0.99, "rate": true, "scale": 1000,
              "matchers": [{"label": "job", "op": "=~", "value": "api|web"}]},
             {"field": "omega_score", "series": "omega"}]
            """
        let mappings = try JSONDecoder().decode([SeriesMapping].self, from: Data(json.utf8))
        #expect(mappings[0].matchers == [LabelMatcher(label: "job", op: .matches, value: "api|web")])
        #expect(mappings[1] == SeriesMapping(field: "omega_score", series: "omega"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SeriesMapping.self, from: Data(#"{"field":"f","series":"s","quantile":2}"#.utf8))
        }
    }
}
