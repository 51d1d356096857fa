/// What the host source reads; decoded from the topology, every field optional.
public struct HostSourceConfiguration: Sendable, Equatable, Codable {
    /// Where procfs is mounted; a test points it at a directory of captured files.
    public var procRoot: String
    /// Mount points whose space is reported.
    public var mountPoints: [String]
    /// Block device name prefixes left out (loop devices and RAM disks by default).
    public var excludedDevicePrefixes: [String]
    /// Network interfaces left out (loopback by default).
    public var excludedInterfaces: [String]
    /// The `source` of the samples.
    public var sourceLabel: String

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - procRoot: Where procfs is mounted.
    ///   - mountPoints: Mount points whose space is reported.
    ///   - excludedDevicePrefixes: Block device name prefixes left out.
    ///   - excludedInterfaces: Network interfaces left out.
    ///   - sourceLabel: The `source` of the samples.
    public init(
        procRoot: String = "/proc",
        mountPoints: [String] = ["/"],
        excludedDevicePrefixes: [String] = ["loop", "ram", "zram"],
        excludedInterfaces: [String] = ["lo"],
        sourceLabel: String = "proc"
    ) {
        self.procRoot = procRoot
        self.mountPoints = mountPoints
        self.excludedDevicePrefixes = excludedDevicePrefixes
        self.excludedInterfaces = excludedInterfaces
        self.sourceLabel = sourceLabel
    }

    private enum CodingKeys: String, CodingKey {
        case procRoot, mountPoints, excludedDevicePrefixes, excludedInterfaces, sourceLabel
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HostSourceConfiguration()
        procRoot = try container.decodeIfPresent(String.self, forKey: .procRoot) ?? defaults.procRoot
        mountPoints = try container.decodeIfPresent([String].self, forKey: .mountPoints) ?? defaults.mountPoints
        excludedDevicePrefixes =
            try container.decodeIfPresent([String].self, forKey: .excludedDevicePrefixes)
            ?? defaults.excludedDevicePrefixes
        excludedInterfaces =
            try container.decodeIfPresent([String].self, forKey: .excludedInterfaces) ?? defaults.excludedInterfaces
        sourceLabel = try container.decodeIfPresent(String.self, forKey: .sourceLabel) ?? defaults.sourceLabel
    }
}
