import OODACore

/// Reads one log directory (`events/<stage>/`): streams its records from any position, and finds the last
/// record of each kind so that a restarting stage can resume its state and its sequence numbers.
///
/// Reading does not need the writer's lock: a reader sees the segments present when it starts, and stops
/// before a record still being written.
public struct EventLogReader: Sendable {
    /// The log directory.
    public let directory: String
    private let log: LogDirectory

    /// - Parameter directory: the log's directory, e.g. `events/decide`.
    /// - Throws: ``EventLogError/Code/notFound`` if it does not exist.
    public init(directory: String) throws(EventLogError) {
        self.log = LogDirectory(directory)
        self.directory = log.path
        guard log.exists else {
            throw EventLogError(
                .notFound,
                path: log.path,
                "no such log directory; give the directory of one stage's log, e.g. events/decide"
            )
        }
    }

    /// The numbers of the segments present, ascending.
    public func segments() throws(EventLogError) -> [Int] { try log.segments() }

    /// A cursor over the records from `start` to `end` (taken with ``end()``), or to the end of the log as it is
    /// now.
    public func records(
        from start: ReadStart = .beginning,
        to end: RecordPosition? = nil
    ) throws(EventLogError)
        -> LogCursor
    {
        try LogCursor(directory: log, segments: try log.segments(), start: start, end: end)
    }

    /// Where the log ends now: its last segment and that file's size; nil for a log with no segment.
    ///
    /// A reader of a live log given this end reads what was written before this call and stops there, however
    /// much is appended meanwhile (a record half-written at this moment shows as a torn tail). Readers of several
    /// logs take their ends consumers first, producers last, so that the causes of every event read are read
    /// too: a stage appends an event after the events it came from were appended.
    public func end() throws(EventLogError) -> RecordPosition? {
        guard let last = try log.segments().last else { return nil }
        return RecordPosition(segment: last, offset: try log.segmentSize(last))
    }

    /// The last record of each of `kinds`, and the log's last record, read from the newest segment backwards.
    ///
    /// It stops at the first segment boundary where every kind has been found, so it is quick when the kinds
    /// are ones the stage writes; a kind the log never holds makes it read the whole log.
    ///
    /// - Throws: ``EventLogError`` for a record that fails its checks in a segment it reads.
    public func lastRecords(
        of kinds: Set<MessageKind> = Set(MessageKind.allCases)
    ) throws(EventLogError)
        -> LastRecords
    {
        var result = LastRecords()
        for segment in try log.segments().reversed() {
            var cursor = try LogCursor(directory: log, segments: [segment], start: .position(.init(segment, 0)))
            var records: [LogRecord] = []
            while let record = try cursor.next() { records.append(record) }
            if result.last == nil { result.last = records.last }
            for record in records.reversed() where kinds.contains(record.envelope.kind) {
                if result.byKind[record.envelope.kind] == nil { result.byKind[record.envelope.kind] = record }
            }
            if kinds.isSubset(of: result.byKind.keys) { break }
        }
        return result
    }
}

extension RecordPosition {
    fileprivate init(_ segment: Int, _ offset: Int64) { self.init(segment: segment, offset: offset) }
}
