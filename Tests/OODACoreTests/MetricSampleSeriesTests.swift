import OODACore
import Testing

@Suite struct MetricSampleSeriesTests {
    @Test func aSampleWithoutLabelsIsItsName() {
        #expect(MetricSample(name: "cpu_usage", value: 1, source: "proc").series == "cpu_usage")
    }

    @Test func labelsAreSortedByNameAsPrometheusWritesThem() {
        let sample = MetricSample(
            name: "host_network_receive_bytes_total",
            value: 1,
            labels: ["device": "eth0", "cluster": "eu-1"],
            source: "proc"
        )
        #expect(sample.series == #"host_network_receive_bytes_total{cluster="eu-1",device="eth0"}"#)
    }

    @Test func labelValuesAreEscaped() {
        let sample = MetricSample(name: "m", value: 1, labels: ["path": "C:\\tmp \"x\"\nend"], source: "push")
        #expect(sample.series == #"m{path="C:\\tmp \"x\"\nend"}"#)
    }
}
