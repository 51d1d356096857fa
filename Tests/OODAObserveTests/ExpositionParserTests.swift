import OODACore
import Testing

@testable import OODAObserve

@Suite struct ExpositionParserTests {
    @Test func readsEveryFeatureOfTheFormatDocumentationExample() throws {
        let exposition = ExpositionParser().parse(try Fixtures.text("exposition/format-example.prom"))
        #expect(exposition.errors.isEmpty, "\(exposition.errors)")
        #expect(
            exposition.families["http_requests_total"]
                == MetricFamily(name: "http_requests_total", type: .counter, help: "The total number of HTTP requests.")
        )
        #expect(
            exposition.samples == [
                ExpositionSample(
                    name: "http_requests_total",
                    labels: ["method": "post", "code": "200"],
                    value: 1027,
                    timestampMillis: 1_395_066_363_000
                ),
                ExpositionSample(
                    name: "http_requests_total",
                    labels: ["method": "post", "code": "400"],
                    value: 3,
                    timestampMillis: 1_395_066_363_000
                ),
                ExpositionSample(
                    name: "msdos_file_access_time_seconds",
                    labels: ["path": #"C:\DIR\FILE.TXT"#, "error": "Cannot find file:\n\"FILE.TXT\""],
                    value: 1.458255915e9
                ),
                ExpositionSample(name: "metric_without_timestamp_and_labels", value: 12.47),
                ExpositionSample(
                    name: "something_weird",
                    labels: ["problem": "division by zero"],
                    value: .infinity,
                    timestampMillis: -3_982_045
                ),
                ExpositionSample(name: "spaced_out", labels: ["a": "1"], value: -.infinity),
                ExpositionSample(name: "not_a_number", value: .nan),
            ]
        )
    }

    @Test func readsHistogramsAndSummariesAndFindsTheirFamilies() throws {
        let exposition = ExpositionParser().parse(try Fixtures.text("exposition/histogram-summary.prom"))
        #expect(exposition.errors.isEmpty)
        #expect(exposition.samples.count == 15)
        #expect(exposition.family(of: "http_request_duration_seconds_bucket")?.type == .histogram)
        #expect(exposition.family(of: "rpc_duration_seconds_count")?.type == .summary)
        #expect(exposition.family(of: "rpc_duration_seconds")?.type == .summary)
        #expect(exposition.samples.last == ExpositionSample(name: "rpc_duration_seconds_count", value: 2693))
    }

    @Test func readsRealOutputOfDebiansNodeExporter() throws {
        let text = try Fixtures.text("exposition/node-exporter.prom")
        let exposition = ExpositionParser().parse(text)
        #expect(exposition.errors.isEmpty, "\(exposition.errors.prefix(3))")
        let sampleLines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        #expect(exposition.samples.count == sampleLines)
        #expect(exposition.families["go_gc_duration_seconds"]?.type == .summary)
        #expect(exposition.families["node_cpu_seconds_total"]?.type == .counter)
        #expect(exposition.samples.contains { $0.name == "node_cpu_seconds_total" && $0.labels["mode"] == "idle" })
    }

    @Test func refusesEachMalformedLineWithItsNumberAndKeepsTheRest() throws {
        let exposition = ExpositionParser(location: "malformed.prom").parse(
            try Fixtures.text("exposition/malformed.prom")
        )
        #expect(exposition.samples.map(\.name) == ["good_gauge", "good_gauge_two", "good_gauge_three"])
        #expect(exposition.errors.map(\.line) == [3, 5, 6, 7, 8, 9, 10, 12, 13])
        #expect(exposition.errors.allSatisfy { $0.code == .malformedLine && $0.location == "malformed.prom" })
        let reasons = exposition.errors.map(\.message)
        #expect(reasons[1].contains("not closed"))
        #expect(reasons[2].contains("second TYPE"))
        #expect(reasons[3].contains("twelve"))
        #expect(reasons[5].contains("timestamp"))
        #expect(reasons[6].contains("flux"))
        #expect(reasons[7].contains("twice"))
        #expect(reasons[8].contains("missing value"))
        #expect(exposition.families["good_gauge"]?.type == .gauge)
    }

    @Test(
        arguments: [
            "metric{} 1",
            "metric 1e3",
            "metric -0.5",
            "metric{a=\"\"} 0",
            "metric:with:colons 1",
            "_underscore 1 -1",
            "metric 1\r",
            "metric nan",
            "metric Infinity",
            "metric -inf",
        ]
    )
    func acceptsValidSampleLines(line: String) {
        let exposition = ExpositionParser().parse(line)
        #expect(exposition.errors.isEmpty, "\(exposition.errors)")
        #expect(exposition.samples.count == 1)
    }

    @Test(
        arguments: [
            "1metric 1",
            "metric{1a=\"x\"} 1",
            "metric{a=x} 1",
            "metric{a=\"x\" 1",
            "metric 1_000",
            "metric 1 2 3",
            "metric{a=\"x\"}",
            "# HELP metric bad \\t escape",
            "# TYPE metric",
        ]
    )
    func refusesInvalidLines(line: String) {
        let exposition = ExpositionParser().parse(line)
        #expect(exposition.samples.isEmpty)
        #expect(exposition.errors.count == 1)
        #expect(exposition.errors.first?.line == 1)
    }

    @Test func whatTheWriterRendersTheParserReadsBack() {
        let samples = [
            MetricSample(name: "omega_score", value: 0.95, labels: ["service": "api"], source: "push"),
            MetricSample(
                name: "weird_labels",
                value: 3,
                labels: ["path": "C:\\x", "quote": "say \"hi\"\nbye"],
                source: "push"
            ),
            MetricSample(name: "infinite", value: -.infinity, source: "push"),
        ]
        let text = ExpositionWriter.render(samples) { "help for \($0)\nsecond line" }
        let exposition = ExpositionParser().parse(text)
        #expect(exposition.errors.isEmpty)
        #expect(exposition.families["omega_score"]?.help == "help for omega_score\nsecond line")
        for sample in samples {
            #expect(
                exposition.samples.contains(
                    ExpositionSample(name: sample.name, labels: sample.labels, value: sample.value)
                )
            )
        }
    }
}
