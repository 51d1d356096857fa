import OODACore

/// Streams the records of several logs (one per stage) as one sequence, in event time and, at equal times, in
/// causal order: an event comes after the events it names as causes.
///
/// Each log is read in its own order; among the logs' next records the earliest event time goes first. At equal
/// times, a record whose cause is not out yet waits for the log that will produce it (the cause's source), and
/// remaining ties go in the loop's order (observe, orient, decide, act, then other logs by name).
public struct MergedLogReader {
    /// The logs merged, in tie-breaking order.
    public let directories: [String]
    private var cursors: [LogCursor]
    private var heads: [LogRecord?]
    private var started = false
    /// The last envelope sequence emitted per source and kind, to tell whether a cause is out yet.
    private var emitted: [String: UInt64] = [:]

    /// Merges the logs under `path`: an events directory holding one directory per stage, or a single log.
    ///
    /// - Throws: ``EventLogError/Code/notFound`` or ``EventLogError/Code/emptyLog`` when there is no log there.
    public init(path: String) throws(EventLogError) {
        try self.init(directories: try LogCatalog.logs(at: path))
    }

    /// Merges the given log directories; ties go in this order.
    public init(directories: [String]) throws(EventLogError) {
        var cursors: [LogCursor] = []
        for directory in directories { cursors.append(try EventLogReader(directory: directory).records()) }
        self.directories = directories
        self.cursors = cursors
        self.heads = Array(repeating: nil, count: directories.count)
    }

    /// The torn tails the logs ended with (records still being written, or cut short).
    public var tornTails: [EventLogError] { cursors.compactMap(\.tornTail) }

    /// The next record across all logs, or nil when all are read.
    ///
    /// - Throws: the first ``EventLogError`` any log's cursor throws.
    public mutating func next() throws(EventLogError) -> LogRecord? {
        if !started {
            for index in cursors.indices { heads[index] = try cursors[index].next() }
            started = true
        }
        guard var choice = earliest() else { return nil }
        // Follow "waits for" links at the same event time; bounded so that a cycle cannot loop forever.
        for _ in heads.indices {
            guard let blocker = blocker(of: choice) else { break }
            choice = blocker
        }
        let record = heads[choice]!
        let envelope = record.envelope
        emitted[Self.key(envelope.source.rawValue, envelope.kind.rawValue)] = envelope.sequence
        heads[choice] = try cursors[choice].next()
        return record
    }

    private func earliest() -> Int? {
        var best: Int?
        for (index, head) in heads.enumerated() {
            guard let head else { continue }
            if let current = best, heads[current]!.envelope.timeNanos <= head.envelope.timeNanos { continue }
            best = index
        }
        return best
    }

    /// Another log whose next record has the same event time and comes from the source of a cause of `index`'s
    /// record that is not out yet.
    private func blocker(of index: Int) -> Int? {
        let envelope = heads[index]!.envelope
        let pending = envelope.causes.compactMap(CauseCoordinates.init).filter { cause in
            (emitted[Self.key(cause.source, cause.kind)] ?? 0) < cause.sequence
        }
        guard !pending.isEmpty else { return nil }
        return heads.indices.first { other in
            guard other != index, let head = heads[other], head.envelope.timeNanos == envelope.timeNanos else {
                return false
            }
            return pending.contains { $0.source == head.envelope.source.rawValue }
        }
    }

    private static func key(_ source: String, _ kind: String) -> String { "\(source)\u{0}\(kind)" }
}

/// The coordinates an ``EventID`` is made of, read back from `<source>-<epoch>-<kind>-<sequence>`.
private struct CauseCoordinates {
    var source: String
    var kind: String
    var sequence: UInt64

    init?(_ id: EventID) {
        let parts = id.rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, let sequence = UInt64(parts[parts.count - 1]) else { return nil }
        self.source = parts[0..<(parts.count - 3)].joined(separator: "-")
        self.kind = String(parts[parts.count - 2])
        self.sequence = sequence
    }
}
