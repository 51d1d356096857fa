import OODACore
import OODAEventLog

/// A forward-only stream over one stage's log that finds envelopes by id in log order.
///
/// Replay reads a stage's inputs in the order that stage consumed them, which is the order their producer
/// logged them; so looking for the next cause only ever moves forward, and the whole replay streams every log
/// once, in flat memory. The log is read and decoded ahead on a thread of its own (``LogPrefetcher``).
struct LogStream {
    private let prefetcher: LogPrefetcher?
    let directory: String
    /// Whether the log's oldest segments were removed: it starts in the middle of a stage's run, and what comes
    /// before its first StageStarted cannot be replayed (the configuration it ran with is gone).
    let startsAfterRemoval: Bool

    /// - Parameter end: where to stop reading (see ``LogCut``); nil reads to the log's end.
    init(directory: String, end: RecordPosition? = nil) throws {
        self.directory = directory
        do {
            let reader = try EventLogReader(directory: directory)
            let segments = try reader.segments()
            startsAfterRemoval = (segments.first ?? 1) > 1
            // An empty log has nothing to read; opening it here reports a missing or unreadable one at once.
            prefetcher = segments.isEmpty ? nil : LogPrefetcher(reader: reader, end: end)
        } catch {
            if error.code == .notFound || error.code == .emptyLog {
                prefetcher = nil
                startsAfterRemoval = false
            } else {
                throw error
            }
        }
    }

    /// The next envelope in the log, or nil at its end.
    mutating func next() throws -> Envelope? {
        try prefetcher?.next()
    }

    /// The event time of the first `kind` envelope in the log at `directory`, if it has one: where a log that
    /// starts after its oldest segments were removed begins. Reads from the start until it finds one.
    static func firstTime(of kind: MessageKind, in directory: String) throws -> Int64? {
        var records = try EventLogReader(directory: directory).records()
        while let record = try records.next() {
            if record.envelope.kind == kind { return record.envelope.timeNanos }
        }
        return nil
    }

    /// Skips forward to the envelope with this id; nil if the log ends first.
    mutating func seek(_ id: EventID) throws -> Envelope? {
        while let envelope = try next() {
            if envelope.id == id { return envelope }
        }
        return nil
    }
}
