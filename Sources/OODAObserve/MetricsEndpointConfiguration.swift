/// Where a stage serves `/metrics`, `/healthz` and, for observe, `POST /push`; decoded from the topology.
public struct MetricsEndpointConfiguration: Sendable, Equatable, Codable {
    /// The address to bind; `127.0.0.1` keeps it local, `0.0.0.0` opens it to a Prometheus elsewhere.
    public var host: String
    /// The TCP port; 0 lets the system choose one (tests), which ``MetricsEndpoint/listeningPort()`` reports.
    public var port: Int
    /// The largest push body accepted, in bytes.
    public var maxPushBytes: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: The address to bind.
    ///   - port: The TCP port, 0 for any.
    ///   - maxPushBytes: The largest push body accepted.
    public init(host: String = "127.0.0.1", port: Int = 9464, maxPushBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.maxPushBytes = maxPushBytes
    }

    private enum CodingKeys: String, CodingKey { case host, port, maxPushBytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 9464
        maxPushBytes = try container.decodeIfPresent(Int.self, forKey: .maxPushBytes) ?? 1 << 20
        guard (0...65535).contains(port) else {
            throw DecodingError.dataCorruptedError(
                forKey: .port,
                in: container,
                debugDescription: "metrics port \(port) must be within 0...65535"
            )
        }
    }
}
