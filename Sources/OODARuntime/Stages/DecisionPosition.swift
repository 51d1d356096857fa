import OODACore

/// Where a decision stands in decide's numbering: the run of decide that made it (its epoch) and its number in
/// that run's stream.
///
/// decide's sequence numbers go on from its log across its restarts, and each run's epoch is later than the one
/// before, so ordering by epoch, then sequence number, is the order decide made its decisions in. The sequence
/// number alone is not: when decide starts a fresh log (its damaged one moved aside) or lost its last records
/// (a power cut inside a group commit), its next run numbers from below what act has already handled. Those are
/// new decisions all the same, and only the epoch tells them from old ones.
package struct DecisionPosition: Comparable, Sendable, CustomStringConvertible {
    package var epoch: UInt64
    package var sequence: UInt64

    /// Before every decision.
    package static let origin = DecisionPosition(epoch: 0, sequence: 0)

    package init(epoch: UInt64, sequence: UInt64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    package init(_ envelope: Envelope) {
        self.init(epoch: envelope.epoch, sequence: envelope.sequence)
    }

    /// The position a decision's id names; nil for an id not in the `<source>-<epoch>-<kind>-<seq>` form.
    package init?(_ id: EventID) {
        guard let epoch = id.epoch, let sequence = id.sequence else { return nil }
        self.init(epoch: epoch, sequence: sequence)
    }

    package static func < (lhs: DecisionPosition, rhs: DecisionPosition) -> Bool {
        (lhs.epoch, lhs.sequence) < (rhs.epoch, rhs.sequence)
    }

    /// Whether decisions may lie between this position and a later one: there is none only when `next` is the
    /// next number, in this run or in the run that took over from it.
    package func mayHaveDecisions(before next: DecisionPosition) -> Bool {
        next.sequence != sequence + 1
    }

    /// Whether `next`, a later decision, numbers from at or below this one: decide began its numbering again.
    package func isRenumbered(by next: DecisionPosition) -> Bool {
        next.epoch > epoch && next.sequence <= sequence
    }

    package var description: String { "decision \(sequence) of epoch \(epoch)" }
}
