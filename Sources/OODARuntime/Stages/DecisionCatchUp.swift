import Logging
import OODACore
import OODAEventLog

/// Finds decisions act has not seen in decide's log, by their ``DecisionPosition``, for act to execute them.
///
/// decide appends each decision to its log before it publishes it, so when act receives decision *n* every
/// decision up to *n* is already in the log, whatever the bus dropped. Reading another stage's log is safe:
/// decide is its only writer, and a record still being written shows as a torn tail, which the reader stops
/// before. decide's log holds its decisions in the order of their positions, so the search starts in the newest
/// segment that can hold the first missing decision: catching up on a long-running log reads its last segments,
/// not all of it.
struct DecisionCatchUp: Sendable {
    let decideLog: String
    let maxAgeNanos: Int64
    let logger: Logger

    /// A decision found in decide's log, and whether it is too old to act on.
    struct Missed {
        var envelope: Envelope
        /// Why it must not be executed now (it changes the target and is older than the maximum age); nil to
        /// execute it.
        var tooOld: String?
    }

    /// The decisions after `start` and before `end` (to the log's end without one), in order, but for stale
    /// noops. Those that would change the target and are older than the maximum age at `nowNanos` are marked
    /// too old (executing a stale scale-up late can do more harm than good); act records them as not executed,
    /// so the audit says why. Noops older than that are left out and counted: executed late they would change
    /// nothing, and an act started without its own log (moved aside) would otherwise execute and record every
    /// noop of decide's history, most of its decisions.
    func decisions(after start: DecisionPosition, before end: DecisionPosition? = nil, nowNanos: Int64) -> [Missed] {
        // No log yet (decide has not started, or its log was moved aside): nothing to catch up on.
        guard let reader = try? EventLogReader(directory: decideLog) else { return [] }
        var scan = Scan()
        // decide's retention may remove segments while this reads: the reader then says so, and a second read
        // starts from what is left (the decisions that went with them are gone for act too, and logged).
        for attempt in 1...3 {
            scan = Scan()
            do throws(EventLogError) {
                try scan.read(reader, after: start, before: end, nowNanos: nowNanos, maxAgeNanos: maxAgeNanos) {
                    (position) throws(EventLogError) in
                    try self.start(after: position, nowNanos: nowNanos, in: reader)
                }
                break
            } catch {
                guard error.code == .notFound, attempt < 3 else {
                    logger.error(
                        "cannot read decide's log to catch up; decisions missed may stay missed",
                        metadata: ["error": "\(error)", "found": "\(scan.found.count)"]
                    )
                    break
                }
                logger.warning(
                    "decide's log lost segments to its retention while act read it; reading again",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        let (found, expired, staleNoops) = (scan.found, scan.expired, scan.staleNoops)
        if staleNoops > 0 {
            logger.notice(
                "passed over stale noop decisions in decide's log: executed late they would change nothing",
                metadata: ["count": "\(staleNoops)", "maxAgeSeconds": "\(Self.seconds(maxAgeNanos))"]
            )
        }
        if expired > 0 {
            logger.warning(
                "decisions missed while act was away are too old to execute; recorded as not executed",
                metadata: ["count": "\(expired)", "maxAgeSeconds": "\(Self.seconds(maxAgeNanos))"]
            )
        }
        return found
    }

    /// One read of decide's log: what it found and passed over.
    private struct Scan {
        var found: [Missed] = []
        var expired = 0
        var staleNoops = 0

        mutating func read(
            _ reader: EventLogReader,
            after start: DecisionPosition,
            before end: DecisionPosition?,
            nowNanos: Int64,
            maxAgeNanos: Int64,
            startingPoint: (DecisionPosition) throws(EventLogError) -> ReadStart
        ) throws(EventLogError) {
            var cursor = try reader.records(from: try startingPoint(start))
            while let record = try cursor.next() {
                let envelope = record.envelope
                guard let decision = envelope.body.decision else { continue }
                let position = DecisionPosition(envelope)
                if let end, position >= end { break }
                guard position > start else { continue }
                let age = nowNanos - envelope.timeNanos
                if !decision.action.changesTarget, age > maxAgeNanos {
                    staleNoops += 1
                } else if age > maxAgeNanos {
                    expired += 1
                    let reason =
                        "decided \(seconds(age)) s ago, older than maxDecisionAge (\(seconds(maxAgeNanos)) s)"
                    found.append(Missed(envelope: envelope, tooOld: reason))
                } else {
                    found.append(Missed(envelope: envelope, tooOld: nil))
                }
            }
        }
    }

    fileprivate static func seconds(_ nanos: Int64) -> String {
        String(Double(nanos / 1_000_000) / 1000)
    }

    /// The start of the newest segment whose first decision is at or before `position`: positions only grow
    /// through decide's log, so no earlier segment holds a later decision.
    ///
    /// An act with no position (its own log is new, or was moved aside) has handled nothing, and would read
    /// decide's whole history, months of it, before it is ready. Of that history only what is younger than
    /// `maxDecisionAge` could be executed, so it starts at the newest segment whose first decision is older than
    /// that: the segments before hold only older decisions (decisions carry their observation's time, which
    /// grows through the log), and are not read. Their stale scale decisions get no "not executed" outcome: a new
    /// act log begins its record where act began.
    private func start(
        after position: DecisionPosition,
        nowNanos: Int64,
        in reader: EventLogReader
    ) throws(EventLogError) -> ReadStart {
        let cutoff = position == .origin ? nowNanos - maxAgeNanos : nil
        let segments = try reader.segments()
        for segment in segments.dropFirst().reversed() {
            let start = ReadStart.position(RecordPosition(segment: segment, offset: 0))
            var probe = try reader.records(from: start)
            while let record = try probe.next() {
                guard record.envelope.kind == .decision else { continue }
                if DecisionPosition(record.envelope) <= position { return start }
                if let cutoff, record.envelope.timeNanos <= cutoff {
                    logger.notice(
                        """
                        act has no record of decisions it handled: reading decide's log from the newest segment \
                        holding decisions older than maxDecisionAge; the segments before it are not read
                        """,
                        metadata: ["segment": "\(RecordPosition(segment: segment, offset: 0).segmentName)"]
                    )
                    return start
                }
                break
            }
        }
        return .beginning
    }
}
