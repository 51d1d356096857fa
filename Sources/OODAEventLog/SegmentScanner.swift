/// Reads one segment's records in order and checks each: its layout, its checksum, its hash, and its link to
/// the record before (its `prev` and its sequence number).
///
/// A partial line at the end of the segment stops the scan and is kept in ``partialTail``; whether that is a torn
/// tail (the last segment) or corruption (any other) is the caller's call.
package struct SegmentScanner {
    /// A checked record and where it lies.
    package struct Record {
        package var line: RecordLine
        /// The whole line, without its `\n`.
        package var bytes: [UInt8]
        /// Its byte offset in the segment.
        package var offset: Int64

        package var payload: ArraySlice<UInt8> { bytes[line.payload] }
        /// The offset just past its `\n`: where the next record starts.
        package var endOffset: Int64 { offset + Int64(bytes.count) + 1 }
    }

    package let segment: Int
    package let path: String
    private var lines: LineReader
    /// The hash the next record's `prev` must equal; nil when the scan starts in the middle and takes the
    /// first record's `prev` on trust.
    package private(set) var previous: ChainHash?
    /// The sequence number the next record must have; nil, as for ``previous``.
    package private(set) var nextSequence: UInt64?
    /// Where the last complete record ends.
    package private(set) var endOffset: Int64
    /// The offset and length of bytes after the last complete line, if the segment ends with some.
    package private(set) var partialTail: (offset: Int64, length: Int)?

    package init(
        directory: LogDirectory,
        segment: Int,
        offset: Int64 = 0,
        previous: ChainHash? = nil,
        nextSequence: UInt64? = nil,
        limit: Int64? = nil
    ) throws(EventLogError) {
        self.segment = segment
        self.path = directory.segmentPath(segment)
        self.lines = LineReader(file: try SegmentFile.openForReading(path), offset: offset, limit: limit)
        self.previous = previous
        self.nextSequence = nextSequence
        self.endOffset = offset
    }

    /// The next checked record, or nil at the end of the segment (see ``partialTail``).
    ///
    /// - Throws: ``EventLogError`` with ``EventLogError/Code/corruptRecord``,
    ///   ``EventLogError/Code/brokenChain`` or ``EventLogError/Code/unsupportedSchema``, naming the file and
    ///   the record's offset.
    package mutating func next() throws(EventLogError) -> Record? {
        switch try lines.next() {
        case nil:
            return nil
        case .partial(let offset, let length):
            partialTail = (offset, length)
            return nil
        case .complete(let offset, let bytes):
            let line = try bytes.withUnsafeBytes { raw in
                Result { () throws(EventLogError) in
                    let line = try RecordLine.parse(raw, path: path, offset: offset)
                    if let problem = line.check(raw) {
                        throw EventLogError(problem.code, path: path, offset: offset, problem.detail)
                    }
                    return line
                }
            }.get()
            if let expected = nextSequence, line.sequence != expected {
                throw EventLogError(
                    .brokenChain,
                    path: path,
                    offset: offset,
                    "record \(line.sequence) where record \(expected) was due: a record is missing or out of place"
                )
            }
            if let expected = previous, line.previous != expected {
                throw EventLogError(
                    .brokenChain,
                    path: path,
                    offset: offset,
                    "record \(line.sequence) has prev \(line.previous) but the record before it has hash \(expected): "
                        + "a record was changed, removed or inserted"
                )
            }
            previous = line.hash
            nextSequence = line.sequence + 1
            let record = Record(line: line, bytes: bytes, offset: offset)
            endOffset = record.endOffset
            return record
        }
    }
}
