import OODACore
import OODAPolicy

/// Synthetic service metrics for tests: the six default fields as functions of time, plus seeded noise.
struct ServiceTrace {
    var omega: (Double) -> Double = { _ in 0.9 }
    var psi: (Double) -> Double = { _ in 0.85 }
    var beta: (Double) -> Double = { _ in 1.2 }
    var cpu: (Double) -> Double = { _ in 0.5 }
    var latency: (Double) -> Double = { _ in 100 }
    var throughput: (Double) -> Double = { _ in 800 }
    var revision: (Double) -> Int = { _ in 1 }
    /// Noise as a fraction of each field's scale.
    var noise = 0.01
    var seed: UInt64 = 1

    static let second: Int64 = 1_000_000_000
    static let start: Int64 = 1_700_000_000 * second

    /// Observation envelopes at 1 s intervals, for `seconds` seconds.
    func envelopes(seconds: Int) -> [Envelope] {
        var generator = SeededNoise(seed: seed)
        return (1...seconds).map { step in
            let t = Double(step)
            func sample(_ name: String, _ value: Double, _ scale: Double) -> MetricSample {
                MetricSample(name: name, value: value + generator.gaussian(noise * scale), source: "simulation")
            }
            let observation = Observation(samples: [
                sample(MetricName.omegaScore, omega(t), 1), sample(MetricName.psiIndex, psi(t), 1),
                sample(MetricName.betaAntifragile, beta(t), 1), sample(MetricName.cpuUsage, cpu(t), 1),
                sample(MetricName.latencyMs, latency(t), 100), sample(MetricName.throughput, throughput(t), 1000),
                MetricSample(name: "revision", value: Double(revision(t)), source: "simulation"),
            ])
            return Envelope(
                source: .observe,
                epoch: 1,
                sequence: UInt64(step),
                timeNanos: Self.start + Int64(step) * Self.second,
                body: .observation(observation)
            )
        }
    }

    /// The orientations an orienter with `configuration` makes from the trace.
    func orientations(
        seconds: Int,
        configuration: OrientConfiguration = OrientConfiguration()
    ) throws
        -> [(Int64, Orientation)]
    {
        var orienter = try Orienter(configuration: configuration)
        return try envelopes(seconds: seconds).map { ($0.timeNanos, try orienter.orient($0)) }
    }
}
