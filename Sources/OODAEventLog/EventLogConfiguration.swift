/// How a writer lays out and syncs its log.
public struct EventLogConfiguration: Sendable {
    /// The size at which the writer starts a new segment. A record is never split: a segment ends before the
    /// record that would take it over this size (a larger record gets a segment of its own).
    public var segmentBytes: Int
    /// When appends are made durable.
    public var durability: Durability

    /// The default segment size: 64 MiB, a few hundred thousand records.
    public static let defaultSegmentBytes = 64 << 20

    public init(segmentBytes: Int = EventLogConfiguration.defaultSegmentBytes, durability: Durability = .group()) {
        self.segmentBytes = max(1, segmentBytes)
        self.durability = durability
    }
}
