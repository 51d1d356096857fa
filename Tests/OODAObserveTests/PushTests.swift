import Foundation
import OODACore
import Testing

@testable import OODAObserve

@Suite struct PushTests {
    @Test func validSamplesAppearInTheNextObservationThenNotAgain() async throws {
        let inbox = PushIngestor()
        let payload = """
            {"metrics": {"omega_score": 0.95, "psi_index": 0.9, "beta_antifragile": 1.2},
             "samples": [{"name": "orders_open", "value": 12, "labels": {"region": "eu"}},
                         {"name": "orders_open", "value": 13, "labels": {"region": "eu"}}],
             "labels": {"service": "checkout"}}
            """
        #expect(try inbox.ingest(json: Array(payload.utf8), source: "push:http") == 5)
        let observer = Observer(sources: [inbox])
        let first = await observer.observe(atNanos: 1).observation
        #expect(first.value(of: MetricName.omegaScore, labels: ["service": "checkout"]) == 0.95)
        #expect(first.value(of: MetricName.betaAntifragile, labels: ["service": "checkout"]) == 1.2)
        // The later push of a series wins.
        #expect(first.value(of: "orders_open", labels: ["region": "eu", "service": "checkout"]) == 13)
        #expect(first.samples.count == 4)
        #expect(first.samples.allSatisfy { $0.source == "push:http" })
        let second = await observer.observe(atNanos: 2).observation
        #expect(second.samples.isEmpty)
    }

    // Each payload holds one good sample first, then the bad one at index 1.
    @Test(
        arguments: [
            (#"{"samples": [{"name": "good", "value": 1}, {"name": "1bad", "value": 1}]}"#, "name must match"),
            (#"{"samples": [{"name": "good", "value": 1}, {"name": "ok", "value": "12"}]}"#, "value must be a number"),
            (#"{"samples": [{"name": "good", "value": 1}, {"value": 1}]}"#, "name must be a string"),
            (#"{"samples": [{"name": "good", "value": 1}], "metrics": {"omega_score": 1.5}}"#, "within 0...1"),
            (#"{"samples": [{"name": "good", "value": 1}], "metrics": {"latency_ms": -3}}"#, "must not be negative"),
            (
                #"{"samples": [{"name": "good", "value": 1}, {"name": "ok", "value": 1, "labels": {"__x": "y"}}]}"#,
                "not start with __"
            ),
            (
                #"{"samples": [{"name": "good", "value": 1}, {"name": "ok", "value": 1, "labels": {"a": 5}}]}"#,
                "must be a string"
            ),
        ]
    )
    func anInvalidSampleIsRefusedWithItsReasonAndNothingIsIngested(payload: String, reason: String) async throws {
        let inbox = PushIngestor()
        let refusal = #expect(throws: PushRefusal.self) { try inbox.ingest(json: Array(payload.utf8)) }
        #expect(refusal?.code == .invalidSample)
        #expect(refusal?.refused.count == 1)
        #expect(refusal?.refused.first?.index == 1)
        #expect(refusal?.refused.first?.reason.contains(reason) == true, "\(String(describing: refusal))")
        #expect(await inbox.sample(atNanos: 1).samples.isEmpty)
        #expect(inbox.counts.refused == 1)
    }

    @Test(
        arguments: [
            ("not json", "not valid JSON"),
            ("[1, 2]", "must be a JSON object"),
            ("{}", "no samples and no metrics"),
            (#"{"sample": []}"#, "unknown keys"),
            (#"{"samples": {"name": "x"}}"#, "samples must be an array"),
            (#"{"metrics": [1]}"#, "metrics must be an object"),
        ]
    )
    func aMalformedPayloadIsRefusedAsAWhole(payload: String, reason: String) {
        let refusal = #expect(throws: PushRefusal.self) { try PushIngestor().ingest(json: Array(payload.utf8)) }
        #expect(refusal?.code == .invalidPayload)
        #expect(refusal?.message.contains(reason) == true, "\(String(describing: refusal))")
    }

    @Test func integerAndZeroValuesAreNumbers() throws {
        let inbox = PushIngestor()
        #expect(try inbox.ingest(json: Array(#"{"metrics": {"a": 0, "b": 1, "c": 2}}"#.utf8)) == 3)
    }

    @Test func aFullInboxRefusesNewSeries() throws {
        let inbox = PushIngestor(capacity: 2)
        try inbox.ingest([
            MetricSample(name: "a", value: 1, source: "push"), MetricSample(name: "b", value: 1, source: "push"),
        ])
        // An update of a waiting series still fits.
        try inbox.ingest([MetricSample(name: "a", value: 2, source: "push")])
        let refusal = #expect(throws: PushRefusal.self) {
            try inbox.ingest([MetricSample(name: "c", value: 1, source: "push")])
        }
        #expect(refusal?.message.contains("inbox holds 2 series") == true)
    }
}
