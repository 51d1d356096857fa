import OODACore

/// One field of the filter's state vector: which metric feeds it, its scale, and its noise.
///
/// The filter works in normalised units (the raw value divided by ``scale``), so that one set of noise
/// settings suits a ratio in 0...1 and a latency in milliseconds alike. Everything outside the filter
/// (orientations, policy thresholds) is in raw units.
public struct StateField: Sendable, Codable, Equatable {
    /// The field's name in orientations and policy rules, for example `cpu_usage`.
    public var name: String
    /// The metric name read from observations; usually the same as ``name``.
    public var metric: String
    /// The raw value that counts as 1 in normalised units (for example 100 for a latency in milliseconds).
    public var scale: Double
    /// The process noise: spectral density of the trend's random walk, in normalised units² per second³.
    public var processNoise: Double
    /// The measurement noise variance to start from (and to keep, when adaptation is off), normalised units².
    public var measurementNoise: Double

    public init(
        name: String,
        metric: String? = nil,
        scale: Double = 1,
        processNoise: Double = 3e-6,
        measurementNoise: Double = 0.01
    ) {
        self.name = name
        self.metric = metric ?? name
        self.scale = scale
        self.processNoise = processNoise
        self.measurementNoise = measurementNoise
    }

    private enum CodingKeys: String, CodingKey {
        case name, metric, scale, processNoise, measurementNoise
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let defaults = StateField(name: name)
        self.init(
            name: name,
            metric: try container.value(.metric, or: name),
            scale: try container.value(.scale, or: defaults.scale),
            processNoise: try container.value(.processNoise, or: defaults.processNoise),
            measurementNoise: try container.value(.measurementNoise, or: defaults.measurementNoise)
        )
    }

    /// The six fields of the default state vector, with scales that bring each near 1.
    public static let defaults: [StateField] = [
        StateField(name: MetricName.omegaScore),
        StateField(name: MetricName.psiIndex),
        StateField(name: MetricName.betaAntifragile),
        StateField(name: MetricName.cpuUsage),
        StateField(name: MetricName.latencyMs, scale: 100),
        StateField(name: MetricName.throughput, scale: 1000),
    ]

    func validate() throws(PolicyError) {
        guard !name.isEmpty, !metric.isEmpty else {
            throw PolicyError(.invalidConfiguration, field: name, "a state field needs a name and a metric")
        }
        guard scale.isFinite, scale > 0 else {
            throw PolicyError(.invalidConfiguration, field: name, "scale must be finite and above 0, got \(scale)")
        }
        guard processNoise.isFinite, processNoise >= 0 else {
            throw PolicyError(.invalidConfiguration, field: name, "processNoise must be finite and ≥ 0")
        }
        guard measurementNoise.isFinite, measurementNoise > 0 else {
            throw PolicyError(.invalidConfiguration, field: name, "measurementNoise must be finite and above 0")
        }
    }
}
