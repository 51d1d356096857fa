/// How a writer lays out and syncs its log.
public struct EventLogConfiguration: Sendable {
    /// The size at which the writer starts a new segment. A record is never split: a segment ends before the
    /// record that would take it over this size (a larger record gets a segment of its own).
    public var segmentBytes: Int
    /// When appends are made durable.
    public var durability: Durability
    /// The most bytes the log may take: when the writer opens the log and after each new segment, it removes
    /// the oldest segments until the rest fit, never the one it writes. Nil keeps everything.
    public var retainedBytes: Int64?

    /// Told how long each `fdatasync` of a segment took, from whichever thread made it (the appending one, or
    /// the group-commit flusher): for a stage's fsync-latency histogram. Keep it quick.
    public var syncObserver: (@Sendable (Duration) -> Void)?

    /// The default segment size: 64 MiB, a few hundred thousand records.
    public static let defaultSegmentBytes = 64 << 20

    public init(
        segmentBytes: Int = EventLogConfiguration.defaultSegmentBytes,
        durability: Durability = .group(),
        retainedBytes: Int64? = nil,
        syncObserver: (@Sendable (Duration) -> Void)? = nil
    ) {
        self.segmentBytes = max(1, segmentBytes)
        self.durability = durability
        self.retainedBytes = retainedBytes
        self.syncObserver = syncObserver
    }
}
