import OODACore

/// Streams one log's records in order from a starting point, checking every record and every link it reads.
///
/// A partial line at the very end of the log is not an error: it is a write in progress or a torn tail, and the
/// cursor stops before it and reports it in ``tornTail``. A partial line anywhere else, a bad checksum, a broken
/// link or an envelope this build cannot read is thrown, naming the file and the byte offset.
public struct LogCursor {
    private let directory: LogDirectory
    private var segments: [Int]
    /// Where reading stops, as if the log ended there (nil: the end of the log's segments as listed).
    private let end: RecordPosition?
    private var segmentPosition: Int
    private var scanner: SegmentScanner?
    private var skipBelowIndex: UInt64
    private let codec = WireCodec()
    /// The partial last record the cursor stopped before, if any (code ``EventLogError/Code/tornTail``).
    public private(set) var tornTail: EventLogError?

    /// - Parameter segments: the log's segments as listed just before. Retention may remove the oldest of them
    ///   before the cursor opens one (a writer frees space while this reader starts): the cursor then lists them
    ///   again and starts as it would have a moment later.
    init(directory: LogDirectory, segments: [Int], start: ReadStart, end: RecordPosition? = nil) throws(EventLogError) {
        self.directory = directory
        self.end = end
        self.segments = end.map { end in segments.filter { $0 <= end.segment } } ?? segments
        self.skipBelowIndex = 0
        self.segmentPosition = 0
        var attempts = 0
        while true {
            do {
                try open(at: start)
                return
            } catch {
                attempts += 1
                guard error.code == .notFound, attempts < 3, directory.exists else { throw error }
                var listed = try directory.segments()
                if let end { listed = listed.filter { $0 <= end.segment } }
                guard listed != self.segments else { throw error }
                self.segments = listed
            }
        }
    }

    /// Opens the segment where `start` lies, in ``segments``.
    private mutating func open(at start: ReadStart) throws(EventLogError) {
        skipBelowIndex = 0
        segmentPosition = 0
        scanner = nil
        switch start {
        case .beginning:
            // A log whose oldest segments were removed starts at a later record: its first `prev` is taken on
            // trust, and every link from there on is checked.
            if let first = segments.first {
                scanner =
                    first == 1
                    ? try SegmentScanner(
                        directory: directory,
                        segment: first,
                        previous: .genesis,
                        nextSequence: 1,
                        limit: limit(in: first)
                    )
                    : try SegmentScanner(directory: directory, segment: first, limit: limit(in: first))
            }
        case .index(let index):
            skipBelowIndex = index
            segmentPosition = try Self.segmentPosition(holding: index, directory: directory, segments: segments)
            if segmentPosition < segments.count {
                let segment = segments[segmentPosition]
                scanner = try SegmentScanner(directory: directory, segment: segment, limit: limit(in: segment))
            }
        case .position(let position):
            guard let found = segments.firstIndex(of: position.segment) else {
                throw EventLogError(
                    .notFound,
                    path: directory.segmentPath(position.segment),
                    "the log has no segment \(position.segmentName)"
                )
            }
            segmentPosition = found
            scanner = try SegmentScanner(
                directory: directory,
                segment: position.segment,
                offset: position.offset,
                limit: limit(in: position.segment)
            )
        }
    }

    /// Where reading `segment` stops: the end's offset in the end's segment, its file's end elsewhere.
    private func limit(in segment: Int) -> Int64? {
        guard let end, end.segment == segment else { return nil }
        return end.offset
    }

    /// The position in `segments` of the segment holding record `index`: the last one starting at or before it.
    private static func segmentPosition(
        holding index: UInt64,
        directory: LogDirectory,
        segments: [Int]
    ) throws(EventLogError) -> Int {
        var low = 0
        var high = segments.count - 1
        var found = 0
        while low <= high {
            let middle = (low + high) / 2
            var probe = try SegmentScanner(directory: directory, segment: segments[middle])
            if let first = try probe.next(), first.line.sequence <= index {
                found = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return found
    }

    /// The next checked record with its envelope, or nil at the end of the log.
    ///
    /// - Throws: ``EventLogError`` naming the file and offset of the first bad record.
    public mutating func next() throws(EventLogError) -> LogRecord? {
        guard let (record, segment, envelope) = try nextDecoded() else { return nil }
        return LogRecord(
            index: record.line.sequence,
            directory: directory.path,
            position: RecordPosition(segment: segment, offset: record.offset),
            nextPosition: RecordPosition(segment: segment, offset: record.endOffset),
            hash: record.line.hash,
            previousHash: record.line.previous,
            payload: Array(record.payload),
            envelope: envelope
        )
    }

    /// The next checked record's envelope alone, or nil at the end of the log: what a reader that needs neither
    /// the record's place nor its bytes takes (replay), without copying them.
    ///
    /// - Throws: as ``next()``.
    package mutating func nextEnvelope() throws(EventLogError) -> Envelope? {
        try nextDecoded()?.envelope
    }

    private mutating func nextDecoded() throws(EventLogError)
        -> (record: SegmentScanner.Record, segment: Int, envelope: Envelope)?
    {
        while let (record, segment) = try nextChecked() {
            if record.line.sequence < skipBelowIndex { continue }
            do {
                return (record, segment, try codec.decodeJSON(record.payload))
            } catch {
                let code: EventLogError.Code =
                    error.code == .unsupportedSchemaVersion ? .unsupportedSchema : .corruptRecord
                throw EventLogError(
                    code,
                    path: directory.segmentPath(segment),
                    offset: record.offset,
                    "record \(record.line.sequence) holds no envelope this build reads: \(error.detail)"
                )
            }
        }
        return nil
    }

    /// The next record whose layout, checksum, hash and links hold, without decoding its envelope.
    package mutating func nextChecked() throws(EventLogError) -> (SegmentScanner.Record, segment: Int)? {
        while scanner != nil {
            // Mutated in place through the optional: a copy would duplicate the read buffer on every call.
            if let record = try scanner!.next() { return (record, scanner!.segment) }
            let current = scanner!
            if let tail = current.partialTail {
                let isLast = segmentPosition == segments.count - 1
                guard isLast else {
                    throw EventLogError(
                        .corruptRecord,
                        path: current.path,
                        offset: tail.offset,
                        "the segment ends inside a record (\(tail.length) bytes without a newline), "
                            + "but it is not the log's last segment"
                    )
                }
                tornTail = EventLogError(
                    .tornTail,
                    path: current.path,
                    offset: tail.offset,
                    "the last \(tail.length) bytes are an incomplete record (a write cut short); "
                        + "the writer cuts them when it next opens the log"
                )
            }
            segmentPosition += 1
            guard segmentPosition < segments.count else {
                scanner = nil
                return nil
            }
            do {
                scanner = try SegmentScanner(
                    directory: directory,
                    segment: segments[segmentPosition],
                    previous: current.previous,
                    nextSequence: current.nextSequence,
                    limit: limit(in: segments[segmentPosition])
                )
            } catch  where error.code == .notFound {
                // Retention removes the oldest segments first, so the ones this cursor had yet to read went while
                // it was behind: their records are gone for it, and going on would hide that.
                let name = LogDirectory.segmentName(segments[segmentPosition])
                throw EventLogError(
                    .notFound,
                    path: directory.segmentPath(segments[segmentPosition]),
                    "segment \(name) was removed while this reader was still in the one before it "
                        + "(the writer's retention, logs.retainBytes, removes the oldest segments): the records "
                        + "in it are gone for this reader; read again from the log's start"
                )
            }
        }
        return nil
    }
}
