import OODACore

/// A simulated service for the demo topology: its load follows a profile with a spike, and its cpu, latency
/// and health scores follow from that load and from the replica count that act reports back.
///
/// Pure and deterministic: the same configuration, times and replica counts give the same samples (the
/// noise comes from a seeded generator keyed by the sample's time), so a demo run can be reasoned about.
public struct ServiceSimulation: Sendable {
    public struct Configuration: Sendable, Codable, Equatable {
        /// Requests per second outside the spike.
        public var baseLoad: Double = 600
        /// How much the load is multiplied by during the spike.
        public var spikeFactor: Double = 3
        /// When the spike starts, after the simulation's first sample.
        public var spikeStart: DurationSetting = DurationSetting(seconds: 20)
        /// How long the spike lasts.
        public var spikeLength: DurationSetting = DurationSetting(seconds: 60)
        /// Requests per second one replica serves at full cpu.
        public var capacityPerReplica: Double = 400
        /// Latency of an idle replica, in milliseconds.
        public var baseLatencyMs: Double = 20
        /// Relative noise on every sample (0.02 is ±2 %).
        public var noise: Double = 0.02
        /// The seed of the noise.
        public var seed: UInt64 = 42

        public init() {}

        private enum CodingKeys: String, CodingKey {
            case baseLoad, spikeFactor, spikeStart, spikeLength, capacityPerReplica, baseLatencyMs, noise, seed
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var value = Configuration()
            value.baseLoad = try container.decodeIfPresent(Double.self, forKey: .baseLoad) ?? value.baseLoad
            value.spikeFactor = try container.decodeIfPresent(Double.self, forKey: .spikeFactor) ?? value.spikeFactor
            value.spikeStart =
                try container.decodeIfPresent(DurationSetting.self, forKey: .spikeStart) ?? value.spikeStart
            value.spikeLength =
                try container.decodeIfPresent(DurationSetting.self, forKey: .spikeLength) ?? value.spikeLength
            value.capacityPerReplica =
                try container.decodeIfPresent(Double.self, forKey: .capacityPerReplica) ?? value.capacityPerReplica
            value.baseLatencyMs =
                try container.decodeIfPresent(Double.self, forKey: .baseLatencyMs) ?? value.baseLatencyMs
            value.noise = try container.decodeIfPresent(Double.self, forKey: .noise) ?? value.noise
            value.seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? value.seed
            self = value
        }
    }

    public let configuration: Configuration
    /// The replica count the service runs with; act's outcomes update it.
    public var replicas: Int
    private var startNanos: Int64?

    public init(configuration: Configuration = Configuration(), replicas: Int = 3) {
        self.configuration = configuration
        self.replicas = replicas
    }

    /// The load, in requests per second, `elapsed` seconds after the first sample.
    public func load(atElapsed elapsed: Double) -> Double {
        let start = configuration.spikeStart.seconds
        let inSpike = elapsed >= start && elapsed < start + configuration.spikeLength.seconds
        return configuration.baseLoad * (inSpike ? configuration.spikeFactor : 1)
    }

    /// The service's metrics at an event time.
    public mutating func sample(atNanos time: Int64) -> [MetricSample] {
        let start = startNanos ?? time
        startNanos = start
        let elapsed = Double(time - start) / 1e9
        let load = load(atElapsed: elapsed)
        let capacity = Double(max(replicas, 1)) * configuration.capacityPerReplica
        let utilisation = load / capacity
        var noise = NoiseGenerator(seed: configuration.seed ^ UInt64(bitPattern: time))
        func jitter(_ value: Double) -> Double { value * (1 + configuration.noise * noise.nextSigned()) }

        let cpu = min(1, jitter(utilisation))
        // An M/M/1-like queue: latency grows as 1 / (1 - ρ), capped so an overloaded service stays finite.
        let latency = jitter(configuration.baseLatencyMs / (1 - min(utilisation, 0.95)))
        let throughput = jitter(min(load, capacity))
        let quality = max(0, min(1, jitter(1 - max(0, latency - 100) / 400)))
        let stability = max(0, min(1, jitter(utilisation < 0.85 ? 0.97 : 0.97 - (utilisation - 0.85))))
        let beta = max(0, jitter(1.25 - max(0, utilisation - 0.6)))
        let samples: [(String, Double)] = [
            (MetricName.omegaScore, quality), (MetricName.psiIndex, stability),
            (MetricName.betaAntifragile, beta), (MetricName.cpuUsage, cpu), (MetricName.latencyMs, latency),
            (MetricName.throughput, throughput), ("replicas", Double(replicas)), ("offered_load", load),
        ]
        return samples.map {
            MetricSample(name: $0.0, value: $0.1, labels: ["service": "simulated"], source: "simulation")
        }
    }
}

/// SplitMix64: a tiny, well-known generator, enough for reproducible noise.
struct NoiseGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in -1...1.
    mutating func nextSigned() -> Double {
        Double(next() >> 11) / Double(1 << 53) * 2 - 1
    }
}
