import OODACore

/// One record read back from a log: the envelope, the bytes it was stored as, and where it lies.
public struct LogRecord: Sendable {
    /// The record's number in its log: 1, 2, 3, … (not the envelope's sequence, which counts per kind).
    public var index: UInt64
    /// The log directory it was read from, e.g. `events/decide`.
    public var directory: String
    /// Where it starts.
    public var position: RecordPosition
    /// Where the next record starts.
    public var nextPosition: RecordPosition
    /// Its chain hash.
    public var hash: ChainHash
    /// The chain hash of the record before it (its `prev`; ``ChainHash/genesis`` for a log's first record).
    public var previousHash: ChainHash
    /// The envelope JSON, exactly as stored (and as it went on the wire).
    public var payload: [UInt8]
    /// The envelope, decoded from ``payload``.
    public var envelope: Envelope

    /// The segment file's path.
    public var file: String { "\(directory)/\(position.segmentName)" }
}
