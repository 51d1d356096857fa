import OODACore

/// What ``LogVerifier`` checked, log by log, and the first bad record of each log that has one.
public struct VerificationReport: Sendable, CustomStringConvertible {
    /// One log's result.
    public struct LogCheck: Sendable {
        public var directory: String
        public var segments = 0
        /// The oldest segment present: 1, unless older segments were removed to free the disk.
        public var firstSegment = 1
        /// The first record checked; after older segments were removed, a later one than 1.
        public var firstIndex: UInt64 = 1
        /// The `prev` of the first record when older segments were removed: the chain is checked from this
        /// hash on, which should be the head of the removed segments (of an archived copy, for example).
        public var anchor: ChainHash?
        /// The records that passed every check.
        public var records: UInt64 = 0
        public var bytes: Int64 = 0
        public var lastIndex: UInt64 = 0
        /// The last good record's hash: the head of the chain.
        public var headHash: ChainHash?
        public var kinds: [MessageKind: UInt64] = [:]
        public var timeRange: ClosedRange<Int64>?
        /// An incomplete last record (the writer cuts it when it next opens the log); not a failure.
        public var tornTail: EventLogError?
        /// The first bad record, naming its file and offset.
        public var failure: EventLogError?
    }

    public var logs: [LogCheck]

    /// The first failure of any log.
    public var failure: EventLogError? { logs.lazy.compactMap(\.failure).first }

    public var isValid: Bool { failure == nil }

    /// The report as lines a person reads: per log, what was checked and what was found.
    public var lines: [String] {
        var lines: [String] = []
        for log in logs {
            let status = log.failure == nil ? "ok" : "FAILED"
            lines.append(
                "\(log.directory): \(status): \(log.segments) segment(s), \(log.records) record(s) checked"
                    + (log.records > 0 ? " (\(log.firstIndex)…\(log.lastIndex)), \(log.bytes) bytes" : "")
                    + "; checksums, hash chain, sequence and envelopes"
            )
            if log.firstSegment > 1 {
                lines.append(
                    "  start: segments before \(LogDirectory.segmentName(log.firstSegment)) were removed; the chain is "
                        + "checked from record \(log.firstIndex)"
                        + (log.anchor.map { ", whose prev is \($0) (the head of what was removed)" } ?? "")
                )
            }
            if !log.kinds.isEmpty {
                let kinds = log.kinds.sorted { $0.key.rawValue < $1.key.rawValue }
                lines.append("  kinds: " + kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            if let range = log.timeRange {
                lines.append("  time: \(EventTime.format(range.lowerBound)) … \(EventTime.format(range.upperBound))")
            }
            if let head = log.headHash { lines.append("  head: \(head)") }
            if let tail = log.tornTail { lines.append("  note: \(tail)") }
            if let failure = log.failure {
                lines.append("  first bad record: \(failure)")
                lines.append("  the records before it are intact; keep a copy of the log before repairing it")
            }
        }
        return lines
    }

    public var description: String { lines.joined(separator: "\n") }
}
