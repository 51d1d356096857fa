import Logging
import OODACore
import OODAEventLog

/// Finds the recent decisions in decide's log, for act to execute the ones the bus did not bring it.
///
/// Reading another stage's log is safe: decide is its only writer, and a record still being written shows as
/// a torn tail, which the reader stops before.
struct DecisionCatchUp: Sendable {
    let decideLog: String
    let maxAgeNanos: Int64
    let logger: Logger

    /// The decisions younger than the maximum age that change the target, oldest first.
    func recentDecisions(nowNanos: Int64) -> [Envelope] {
        let oldest = nowNanos - maxAgeNanos
        var decisions: [Envelope] = []
        do {
            var cursor = try EventLogReader(directory: decideLog).records()
            while let record = try cursor.next() {
                let envelope = record.envelope
                guard envelope.timeNanos >= oldest, let decision = envelope.body.decision, decision.action.changesTarget
                else { continue }
                decisions.append(envelope)
            }
        } catch {
            if error.code != .notFound && error.code != .emptyLog {
                logger.error("cannot read decide's log to catch up", metadata: ["error": "\(error)"])
            }
        }
        return decisions
    }
}
