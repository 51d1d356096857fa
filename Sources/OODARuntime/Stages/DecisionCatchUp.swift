import Logging
import OODACore
import OODAEventLog

/// Finds decisions act has not seen in decide's log, by sequence number, for act to execute them.
///
/// decide appends each decision to its log before it publishes it, so when act receives decision *n* every
/// decision up to *n* is already in the log, whatever the bus dropped. Reading another stage's log is safe:
/// decide is its only writer, and a record still being written shows as a torn tail, which the reader stops
/// before. The search starts in the newest segment that can hold the first missing decision, so catching up
/// on a long-running log reads its last segments, not all of it.
struct DecisionCatchUp: Sendable {
    let decideLog: String
    let maxAgeNanos: Int64
    let logger: Logger

    /// The decisions with sequence numbers in `range`, in order; those older than the maximum age at `nowNanos`
    /// are left out (and logged), since executing them late could do more harm than good.
    func decisions(in range: ClosedRange<UInt64>, nowNanos: Int64) -> [Envelope] {
        var found: [Envelope] = []
        var expired = 0
        do {
            let reader = try EventLogReader(directory: decideLog)
            var cursor = try reader.records(from: try start(for: range.lowerBound, in: reader))
            while let record = try cursor.next() {
                let envelope = record.envelope
                guard envelope.kind == .decision, range.contains(envelope.sequence) else { continue }
                if envelope.timeNanos < nowNanos - maxAgeNanos {
                    expired += 1
                } else {
                    found.append(envelope)
                }
                if envelope.sequence >= range.upperBound { break }
            }
        } catch {
            if error.code != .notFound && error.code != .emptyLog {
                logger.error("cannot read decide's log to catch up", metadata: ["error": "\(error)"])
            }
        }
        if expired > 0 {
            logger.warning(
                "decisions missed while act was away are too old to execute",
                metadata: ["count": "\(expired)", "maxAgeSeconds": "\(Double(maxAgeNanos) / 1e9)"]
            )
        }
        return found
    }

    /// Every decision after `sequence` in decide's log, as `decisions(in:nowNanos:)` finds them.
    func decisions(after sequence: UInt64, nowNanos: Int64) -> [Envelope] {
        decisions(in: (sequence + 1)...UInt64.max, nowNanos: nowNanos)
    }

    /// The start of the newest segment whose first decision is at or before `sequence`: decide's sequence
    /// numbers only grow through its log, so no earlier segment holds a later decision.
    private func start(for sequence: UInt64, in reader: EventLogReader) throws(EventLogError) -> ReadStart {
        let segments = try reader.segments()
        for segment in segments.dropFirst().reversed() {
            let start = ReadStart.position(RecordPosition(segment: segment, offset: 0))
            var probe = try reader.records(from: start)
            while let record = try probe.next() {
                guard record.envelope.kind == .decision else { continue }
                if record.envelope.sequence <= sequence { return start }
                break
            }
        }
        return .beginning
    }
}
