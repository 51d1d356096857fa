import OODACore
import OODARuntime
import Testing

@Suite struct ServiceSimulationTests {
    let second: Int64 = 1_000_000_000

    func value(_ name: String, in samples: [MetricSample]) -> Double {
        samples.first { $0.name == name }!.value
    }

    @Test func theSpikeRaisesCpuAndLatencyAndMoreReplicasBringThemDown() {
        var simulation = ServiceSimulation()
        let calm = simulation.sample(atNanos: 0)
        let spike = simulation.sample(atNanos: 30 * second)
        #expect(value(MetricName.cpuUsage, in: spike) > 0.95)
        #expect(value(MetricName.latencyMs, in: spike) > 5 * value(MetricName.latencyMs, in: calm))
        simulation.replicas = 7
        let scaled = simulation.sample(atNanos: 31 * second)
        #expect(value(MetricName.cpuUsage, in: scaled) < 0.75)
        #expect(value(MetricName.latencyMs, in: scaled) < value(MetricName.latencyMs, in: spike) / 4)
        let after = simulation.sample(atNanos: 100 * second)
        #expect(value(MetricName.cpuUsage, in: after) < 0.3)
    }

    @Test func samplesCarryEveryStateFieldAndAreDeterministic() {
        var first = ServiceSimulation()
        var second = ServiceSimulation()
        let a = (0..<50).flatMap { first.sample(atNanos: Int64($0) * 100_000_000) }
        let b = (0..<50).flatMap { second.sample(atNanos: Int64($0) * 100_000_000) }
        #expect(a == b)
        let names = Set(a.map(\.name))
        #expect(Set(MetricName.defaultStateFields).isSubset(of: names))
        #expect(a.allSatisfy { $0.value.isFinite })
    }
}
