/// Follows the sequence numbers a subscriber receives, per publisher and kind, and says what each envelope is:
/// the next one, a gap, a publisher restart, or a duplicate.
///
/// Pure and deterministic, so the bus, act and tests share one definition of a gap.
public struct SequenceTracker: Sendable {
    /// What an envelope meant for the stream it belongs to.
    public enum Verdict: Sendable, Equatable {
        /// The first envelope seen from this publisher and kind.
        case first
        /// Exactly the next sequence number.
        case inOrder
        /// Sequence numbers were skipped: `missed` envelopes were lost between the last one and this one.
        case gap(missed: UInt64)
        /// A new epoch: the publisher restarted. `missed` counts envelopes lost across the restart, when the
        /// sequence went on (it does for ooda's stages, which resume their sequences from their logs).
        case restart(previousEpoch: UInt64, missed: UInt64)
        /// A sequence number at or below one already seen, in the same epoch; or an older epoch.
        case duplicate
    }

    private struct StreamKey: Hashable, Sendable {
        var source: StageName
        var kind: MessageKind
    }

    private struct Position: Sendable {
        var epoch: UInt64
        var sequence: UInt64
    }

    private var positions: [StreamKey: Position] = [:]

    /// Envelopes lost to gaps, in total.
    public private(set) var missed: UInt64 = 0
    /// Gaps seen (each run of missing envelopes counts once).
    public private(set) var gaps: UInt64 = 0
    /// Publisher restarts seen.
    public private(set) var restarts: UInt64 = 0
    /// Duplicates seen.
    public private(set) var duplicates: UInt64 = 0

    public init() {}

    /// Records an envelope's coordinates and returns what it meant.
    public mutating func observe(source: StageName, kind: MessageKind, epoch: UInt64, sequence: UInt64) -> Verdict {
        let key = StreamKey(source: source, kind: kind)
        guard let last = positions[key] else {
            positions[key] = Position(epoch: epoch, sequence: sequence)
            return .first
        }
        if epoch < last.epoch || (epoch == last.epoch && sequence <= last.sequence) {
            duplicates += 1
            return .duplicate
        }
        positions[key] = Position(epoch: epoch, sequence: sequence)
        let missedNow = sequence > last.sequence + 1 ? sequence - last.sequence - 1 : 0
        if epoch != last.epoch {
            restarts += 1
            missed += missedNow
            if missedNow > 0 { gaps += 1 }
            return .restart(previousEpoch: last.epoch, missed: missedNow)
        }
        if missedNow > 0 {
            missed += missedNow
            gaps += 1
            return .gap(missed: missedNow)
        }
        return .inOrder
    }

    /// Records an envelope and returns what it meant.
    public mutating func observe(_ envelope: Envelope) -> Verdict {
        observe(source: envelope.source, kind: envelope.kind, epoch: envelope.epoch, sequence: envelope.sequence)
    }
}
