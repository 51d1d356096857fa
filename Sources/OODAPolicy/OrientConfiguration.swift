import OODACore

/// Everything orient needs to reproduce its orientations: the filter, the policy's thresholds, and where the
/// target's revision comes from.
///
/// Written into `StageStarted.configuration` (see ``jsonValue()``) so that replay can rebuild it.
public struct OrientConfiguration: Sendable, Codable, Equatable {
    /// The adaptive Kalman filter.
    public var filter: FilterConfiguration
    /// The policy's thresholds.
    public var policy: PolicyConfiguration
    /// The observation metric carrying the target's revision (observe republishes it from act's outcomes);
    /// `nil` disables the rollback rule. Observations without it are fine.
    public var revisionMetric: String?

    public init(
        filter: FilterConfiguration = FilterConfiguration(),
        policy: PolicyConfiguration = PolicyConfiguration(),
        revisionMetric: String? = "revision"
    ) {
        self.filter = filter
        self.policy = policy
        self.revisionMetric = revisionMetric
    }

    private enum CodingKeys: String, CodingKey { case filter, policy, revisionMetric }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            filter: try container.value(.filter, or: FilterConfiguration()),
            policy: try container.value(.policy, or: PolicyConfiguration()),
            revisionMetric: container.contains(.revisionMetric)
                ? try container.decodeIfPresent(String.self, forKey: .revisionMetric) : "revision"
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(filter, forKey: .filter)
        try container.encode(policy, forKey: .policy)
        // Written even when nil, so that a disabled rollback rule survives a round trip.
        try container.encode(revisionMetric, forKey: .revisionMetric)
    }

    /// Checks the filter and the policy.
    ///
    /// - Throws: ``PolicyError`` with code `invalidConfiguration`, naming the key.
    public func validate() throws(PolicyError) {
        try filter.validate()
        try policy.validate()
    }

    /// The configuration as a JSON value, for `StageStarted.configuration`.
    ///
    /// - Throws: `EncodingError`, which a valid configuration never raises.
    public func jsonValue() throws -> JSONValue { try JSONValue.fromEncodable(self) }

    /// The configuration read back from a JSON value; absent keys take their defaults.
    ///
    /// - Throws: `DecodingError` naming the key that does not fit.
    public init(jsonValue: JSONValue) throws { self = try jsonValue.decode(as: OrientConfiguration.self) }
}
