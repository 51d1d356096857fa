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

    init(directory: String) throws {
        self.directory = directory
        do {
            let reader = try EventLogReader(directory: directory)
            // An empty log has nothing to read; opening it here reports a missing or unreadable one at once.
            prefetcher = try reader.segments().isEmpty ? nil : LogPrefetcher(reader: reader)
        } catch {
            if error.code == .notFound || error.code == .emptyLog { prefetcher = nil } else { throw error }
        }
    }

    /// The next envelope in the log, or nil at its end.
    mutating func next() throws -> Envelope? {
        try prefetcher?.next()
    }

    /// Skips forward to the envelope with this id; nil if the log ends first.
    mutating func seek(_ id: EventID) throws -> Envelope? {
        while let envelope = try next() {
            if envelope.id == id { return envelope }
        }
        return nil
    }
}
