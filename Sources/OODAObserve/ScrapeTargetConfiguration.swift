/// One Prometheus scrape target and how its series map to state fields; decoded from the topology.
public struct ScrapeTargetConfiguration: Sendable, Equatable, Codable {
    /// The URL to GET, for example `http://127.0.0.1:8080/metrics`.
    public var url: String
    /// The source's name in health reports; the URL when not given.
    public var name: String?
    /// How long a scrape may take, connection and body included, in milliseconds.
    public var timeoutMillis: Int
    /// The largest body accepted, in bytes.
    public var maxBodyBytes: Int
    /// How series become state fields.
    public var mappings: [SeriesMapping]
    /// Whether every scraped series is also passed on as a sample under its own name and labels.
    public var keepRawSeries: Bool

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - url: The URL to GET.
    ///   - name: The source's name in health reports.
    ///   - timeoutMillis: How long a scrape may take.
    ///   - maxBodyBytes: The largest body accepted.
    ///   - mappings: How series become state fields.
    ///   - keepRawSeries: Whether every series is also passed on.
    public init(
        url: String,
        name: String? = nil,
        timeoutMillis: Int = 1000,
        maxBodyBytes: Int = 16 << 20,
        mappings: [SeriesMapping] = [],
        keepRawSeries: Bool = false
    ) {
        self.url = url
        self.name = name
        self.timeoutMillis = timeoutMillis
        self.maxBodyBytes = maxBodyBytes
        self.mappings = mappings
        self.keepRawSeries = keepRawSeries
    }

    private enum CodingKeys: String, CodingKey {
        case url, name, timeoutMillis, maxBodyBytes, mappings, keepRawSeries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        timeoutMillis = try container.decodeIfPresent(Int.self, forKey: .timeoutMillis) ?? 1000
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? 16 << 20
        mappings = try container.decodeIfPresent([SeriesMapping].self, forKey: .mappings) ?? []
        keepRawSeries = try container.decodeIfPresent(Bool.self, forKey: .keepRawSeries) ?? false
        guard timeoutMillis > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .timeoutMillis,
                in: container,
                debugDescription: "timeoutMillis of \(url) must be positive"
            )
        }
    }
}
