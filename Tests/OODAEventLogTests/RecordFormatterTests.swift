import OODACore
import OODAEventLog
import Testing

@Suite struct RecordFormatterTests {
    @Test func anObservationLineShowsEachSampleWithItsLabels() {
        let envelope = Envelope(
            source: .observe,
            epoch: 1,
            sequence: 3,
            timeNanos: 0,
            body: .observation(
                Observation(samples: [
                    MetricSample(name: "rx_bytes", value: 7, labels: ["device": "eth0"], source: "proc"),
                    MetricSample(name: "rx_bytes", value: 9, labels: ["device": "lo"], source: "proc"),
                    MetricSample(name: "cpu_usage", value: 0.25, source: "proc"),
                    MetricSample(name: "a", value: 1, source: "proc"),
                    MetricSample(name: "b", value: 2, source: "proc"),
                ])
            )
        )
        #expect(
            RecordFormatter.text(envelope)
                == #"1970-01-01T00:00:00.000Z observe observation #3 rx_bytes{device="eth0"}=7 "#
                + #"rx_bytes{device="lo"}=9 cpu_usage=0.25 a=1 +1 more"#
        )
    }
}
