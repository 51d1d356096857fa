/// What a writer found when it opened its log: where the log ends, and the torn tail it cut, if any.
public struct LogRecovery: Sendable {
    /// The number of segments after opening.
    public var segments: Int
    /// The index of the last record kept (0 for an empty log); the next append gets this plus one.
    public var lastIndex: UInt64
    /// The last record's hash (``ChainHash/genesis`` for an empty log).
    public var lastHash: ChainHash
    /// The records checked on open (those of the last segment).
    public var checkedRecords: Int
    /// The incomplete last record that was cut, as a ``EventLogError/Code/tornTail`` error naming the file and
    /// the offset it was cut at; nil when the log ended cleanly.
    public var tornTail: EventLogError?

    /// The state of a log that ends where it should.
    struct End {
        var segment: Int
        var size: Int64
        var lastIndex: UInt64
        var lastHash: ChainHash
    }

    /// Finds where the log ends, checking every record of its last segment, and cuts a torn tail.
    ///
    /// - Returns: the report and the end to append at; nil for the end when the log has no segment yet.
    /// - Throws: ``EventLogError`` for corruption before the tail, naming the file and offset.
    static func recover(_ log: LogDirectory) throws(EventLogError) -> (LogRecovery, End?) {
        let segments = try log.segments()
        guard let last = segments.last else {
            return (LogRecovery(segments: 0, lastIndex: 0, lastHash: .genesis, checkedRecords: 0), nil)
        }
        // Only the log's very first segment starts at the genesis hash; after older segments were removed the
        // last one may be the only one left and start anywhere.
        let isFirst = last == 1
        var scanner = try SegmentScanner(
            directory: log,
            segment: last,
            previous: isFirst ? .genesis : nil,
            nextSequence: isFirst ? 1 : nil
        )
        var checked = 0
        var lastRecord: SegmentScanner.Record?
        while let record = try scanner.next() {
            checked += 1
            lastRecord = record
        }
        var report = LogRecovery(segments: segments.count, lastIndex: 0, lastHash: .genesis, checkedRecords: checked)
        if let tail = scanner.partialTail {
            let file = try SegmentFile.openForAppend(scanner.path)
            try file.truncate(to: scanner.endOffset)
            try file.sync()
            report.tornTail = EventLogError(
                .tornTail,
                path: scanner.path,
                offset: tail.offset,
                "cut an incomplete last record of \(tail.length) bytes (a write cut short by a crash)"
            )
        }
        if let lastRecord {
            report.lastIndex = lastRecord.line.sequence
            report.lastHash = lastRecord.line.hash
        } else if !isFirst {
            // The last segment is empty (a crash right after rotation): the chain goes on from the one before.
            guard segments.count >= 2 else {
                throw EventLogError(
                    .corruptRecord,
                    path: scanner.path,
                    offset: 0,
                    "the log's only segment is empty and the segments before it were removed, so the chain cannot "
                        + "be continued; move this directory away (keep it for the record) and start a fresh log"
                )
            }
            let previous = try lastRecordOf(segment: segments[segments.count - 2], in: log)
            report.lastIndex = previous.line.sequence
            report.lastHash = previous.line.hash
        }
        let end = End(segment: last, size: scanner.endOffset, lastIndex: report.lastIndex, lastHash: report.lastHash)
        return (report, end)
    }

    /// The last record of a segment that is not the log's last, which must end with a complete record.
    private static func lastRecordOf(
        segment: Int,
        in log: LogDirectory
    ) throws(EventLogError)
        -> SegmentScanner.Record
    {
        var scanner = try SegmentScanner(directory: log, segment: segment)
        var last: SegmentScanner.Record?
        while let record = try scanner.next() { last = record }
        if let tail = scanner.partialTail {
            throw EventLogError(
                .corruptRecord,
                path: scanner.path,
                offset: tail.offset,
                "the segment ends inside a record, but it is not the log's last segment"
            )
        }
        guard let last else {
            throw EventLogError(
                .corruptRecord,
                path: scanner.path,
                offset: 0,
                "the segment is empty, but it is neither the log's last segment nor followed by records"
            )
        }
        return last
    }
}
