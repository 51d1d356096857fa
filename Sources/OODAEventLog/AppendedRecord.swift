/// Where an append put its record.
public struct AppendedRecord: Hashable, Sendable {
    /// The record's index in the log (its `seq`).
    public var index: UInt64
    /// Where the record starts.
    public var position: RecordPosition
    /// The record's chain hash.
    public var hash: ChainHash
}
