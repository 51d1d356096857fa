import OODACore

/// What `ooda log cat` does: the records of the logs at a path, merged, filtered, one line each.
public struct LogPrinter: Sendable {
    /// The kinds to print; nil for all.
    public var kinds: Set<MessageKind>?
    /// Print only records with an event time at or after this, in nanoseconds since 1970.
    public var sinceNanos: Int64?
    /// Print only records with an event time before this, in nanoseconds since 1970.
    public var untilNanos: Int64?
    /// Print each record's envelope JSON exactly as stored, instead of a line of text.
    public var json: Bool

    public init(kinds: Set<MessageKind>? = nil, sinceNanos: Int64? = nil, untilNanos: Int64? = nil, json: Bool = false)
    {
        self.kinds = kinds
        self.sinceNanos = sinceNanos
        self.untilNanos = untilNanos
        self.json = json
    }

    /// Whether a record passes the filters.
    public func accepts(_ record: LogRecord) -> Bool {
        if let kinds, !kinds.contains(record.envelope.kind) { return false }
        if let sinceNanos, record.envelope.timeNanos < sinceNanos { return false }
        if let untilNanos, record.envelope.timeNanos >= untilNanos { return false }
        return true
    }

    /// The line to print for a record.
    public func line(for record: LogRecord) -> String {
        json ? String(decoding: record.payload, as: UTF8.self) : RecordFormatter.text(record)
    }

    /// Prints the records of the logs at `path` merged across stages.
    ///
    /// - Parameters:
    ///   - path: an events directory or one stage's log.
    ///   - write: receives each line.
    /// - Returns: how many records were printed.
    /// - Throws: ``EventLogError`` if there is no log there or a record fails its checks (the records before it
    ///   are printed first).
    @discardableResult
    public func print(path: String, to write: (String) -> Void) throws(EventLogError) -> Int {
        var reader = try MergedLogReader(path: path)
        var printed = 0
        while let record = try reader.next() {
            guard accepts(record) else { continue }
            write(line(for: record))
            printed += 1
        }
        return printed
    }

    /// Parses `--kind` values: kind names, each possibly a comma-separated list.
    ///
    /// - Throws: ``EventLogError/Code/invalidArgument`` naming an unknown kind and the known ones.
    public static func parseKinds(_ values: [String]) throws(EventLogError) -> Set<MessageKind>? {
        let names = values.flatMap { $0.split(separator: ",").map(String.init) }
        guard !names.isEmpty else { return nil }
        var kinds = Set<MessageKind>()
        for name in names {
            guard let kind = MessageKind(rawValue: name) else {
                let known = MessageKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw EventLogError(.invalidArgument, "unknown kind '\(name)'; the kinds are \(known)")
            }
            kinds.insert(kind)
        }
        return kinds
    }
}
