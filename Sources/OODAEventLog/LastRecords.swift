import OODACore

/// What a restarting stage needs from its own log: the last record of each kind it writes, and the last of all.
public struct LastRecords: Sendable {
    /// The last record of each kind found.
    public var byKind: [MessageKind: LogRecord] = [:]
    /// The log's last record, if it has any.
    public var last: LogRecord?

    public init() {}

    /// The last envelope sequence number per kind: what `EnvelopeSequencer(resuming:)` takes.
    public var sequences: [MessageKind: UInt64] { byKind.mapValues(\.envelope.sequence) }

    /// The epoch of the log's last record: a new run's epoch must be above it.
    public var lastEpoch: UInt64? { last?.envelope.epoch }

    /// The last envelope of a kind, if any.
    public func envelope(of kind: MessageKind) -> Envelope? { byKind[kind]?.envelope }
}
