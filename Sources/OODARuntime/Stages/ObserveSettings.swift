import OODAObserve

/// The observe stage's settings in the topology: how often to sample, and what.
public struct ObserveSettings: Sendable, Codable, Equatable {
    /// Time between two observations (1 ms to 1 h; real sources rarely change faster than 10 ms).
    public var interval: DurationSetting = DurationSetting(seconds: 1)
    /// The host's /proc and statvfs figures; absent for none.
    public var host: HostSourceConfiguration?
    /// Put before every host metric's name, so the controller's host is not mistaken for the service
    /// (`host_cpu_usage`, not `cpu_usage`). Empty when observe runs beside the service and its host *is* the
    /// service's state.
    public var hostMetricPrefix: String = "host_"
    /// The built-in simulated service; absent for none.
    public var simulation: ServiceSimulation.Configuration?
    /// Prometheus targets to scrape each cycle.
    public var scrape: [ScrapeTargetConfiguration] = []
    /// Accept samples pushed by the service (`POST /push` on the metrics port).
    public var push: Bool = false
    /// Also accept pushes on this ZeroMQ PULL endpoint (the same JSON as `POST /push`); implies `push`.
    public var pushEndpoint: String?

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case interval, host, hostMetricPrefix, simulation, scrape, push, pushEndpoint
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var settings = ObserveSettings()
        settings.interval = try container.decodeIfPresent(DurationSetting.self, forKey: .interval) ?? settings.interval
        settings.host = try container.decodeIfPresent(HostSourceConfiguration.self, forKey: .host)
        settings.hostMetricPrefix =
            try container.decodeIfPresent(String.self, forKey: .hostMetricPrefix) ?? settings.hostMetricPrefix
        settings.simulation = try container.decodeIfPresent(ServiceSimulation.Configuration.self, forKey: .simulation)
        settings.scrape = try container.decodeIfPresent([ScrapeTargetConfiguration].self, forKey: .scrape) ?? []
        settings.pushEndpoint = try container.decodeIfPresent(String.self, forKey: .pushEndpoint)
        settings.push = try container.decodeIfPresent(Bool.self, forKey: .push) ?? (settings.pushEndpoint != nil)
        guard (1_000_000...3_600_000_000_000).contains(settings.interval.nanoseconds) else {
            throw DecodingError.dataCorruptedError(
                forKey: .interval,
                in: container,
                debugDescription: "the interval must be from 1ms to 1h, not \(settings.interval)"
            )
        }
        self = settings
    }
}
