import Foundation
import Histogram
import Logging
import OODAAct
import OODAActTesting
import OODACore

/// Act latency per actuator: the mock with no delay, the process actuator's scale-up until the new replicas run,
/// and a Kubernetes round trip (scale subresource read and write, then the state read) against the fake API server.
func runActBenchmark() async throws {
    var logger = Logger(label: "ooda-benchmarks")
    // The process actuator logs each replica it starts and stops: hundreds of lines that would bury the figures.
    logger.logLevel = .warning
    print("act latency per action, in microseconds (release build recommended)")

    let mock = MockActuator()
    let mockFigures = await measure(iterations: 100_000) { index in
        await mock.execute(
            index.isMultiple(of: 2) ? .scaleUp : .scaleDown,
            decision: benchmarkDecision,
            targetReplicas: nil
        )
    }
    report("mock, no delay", mockFigures)

    let process = ProcessActuator(
        configuration: ProcessActuatorConfiguration(
            command: "/bin/sleep",
            arguments: ["600"],
            initialReplicas: 2,
            scaling: ReplicaPolicy(minReplicas: 2, maxReplicas: 4, scaleUpStep: 2, scaleDownStep: 2),
            gracefulStopSeconds: 2
        ),
        logger: logger
    )
    try await process.start()
    var scaleUp = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    for _ in 0..<50 {
        // Scale-up returns once both new replicas are spawned and their pids known; scale-down is not measured.
        let result = await process.execute(.scaleUp, decision: benchmarkDecision, targetReplicas: nil)
        _ = scaleUp.record(UInt64(max(0, result.executionNanos)))
        _ = await process.execute(.scaleDown, decision: benchmarkDecision, targetReplicas: nil)
    }
    await process.shutdown()
    report("process, scale-up of 2 replicas until running", scaleUp)

    let cluster = FakeKubernetesCluster()
    cluster.addDeployment("web", replicas: 3)
    let server = try await FakeKubernetesAPIServer.start(cluster: cluster)
    let kubernetes = try KubernetesActuator(
        configuration: KubernetesActuatorConfiguration(deployment: "web", namespace: "default"),
        endpoint: KubernetesEndpoint(server: server.url, authentication: .bearerToken("benchmark")),
        logger: logger
    )
    let kubernetesFigures = await measure(iterations: 2_000) { index in
        await kubernetes.execute(
            index.isMultiple(of: 2) ? .scaleUp : .scaleDown,
            decision: benchmarkDecision,
            targetReplicas: nil
        )
    }
    report("kubernetes, scale against the fake API server (GET scale, PUT scale, GET deployment)", kubernetesFigures)
    let reads = await measure(iterations: 2_000) { _ in
        let start = ContinuousClock.now
        _ = try? await kubernetes.currentState()
        return ActuatorResult(
            success: true,
            details: "",
            executionNanos: (ContinuousClock.now - start).wholeNanos,
            state: TargetState(replicas: 0, minReplicas: 0, maxReplicas: 0, revision: 0)
        )
    }
    report("kubernetes, state read against the fake API server (GET deployment)", reads)
    await kubernetes.shutdown()
    await server.shutdown()
}

private let benchmarkDecision = EventID(rawValue: "benchmark")

private func measure(iterations: Int, _ body: (Int) async -> ActuatorResult) async -> Histogram<UInt64> {
    var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    for index in 0..<iterations {
        let result = await body(index)
        _ = histogram.record(UInt64(max(0, result.executionNanos)))
    }
    return histogram
}

/// Prints the percentiles of a histogram of nanoseconds, in microseconds with two decimals (the mock's action
/// takes well under one).
private func report(_ name: String, _ histogram: Histogram<UInt64>) {
    func micros(_ nanos: UInt64) -> String { String(format: "%.2f", Double(nanos) / 1000) }
    let line = [50.0, 90.0, 99.0].map { "p\(Int($0)) \(micros(histogram.valueAtPercentile($0)))" }
        .joined(separator: "  ")
    print("  \(name): n=\(histogram.totalCount)  \(line)  max \(micros(histogram.maxRecorded))")
}

extension Duration {
    fileprivate var wholeNanos: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
