/// Where a record starts in its log: the segment's number and the byte offset in that segment.
///
/// Positions order as the records do; a reader can resume from any position a record reported.
public struct RecordPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The segment's number: 1 for `00000001.jsonl`.
    public var segment: Int
    /// The byte offset of the record's first byte in the segment.
    public var offset: Int64

    public init(segment: Int, offset: Int64) {
        self.segment = segment
        self.offset = offset
    }

    /// The segment file's name, e.g. `00000001.jsonl`.
    public var segmentName: String { LogDirectory.segmentName(segment) }

    public var description: String { "\(segmentName)@\(offset)" }

    public static func < (lhs: RecordPosition, rhs: RecordPosition) -> Bool {
        (lhs.segment, lhs.offset) < (rhs.segment, rhs.offset)
    }
}
