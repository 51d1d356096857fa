/// Where a reader starts.
public enum ReadStart: Sendable, Hashable {
    /// The log's first record.
    case beginning
    /// The record with this index (its `seq`); the reader still checks the chain from the start of its segment.
    case index(UInt64)
    /// The record starting at this position, as a ``LogRecord`` reported it (``LogRecord/nextPosition`` to go on
    /// after it). The first record's `prev` is taken on trust; every later link is checked.
    case position(RecordPosition)
}
