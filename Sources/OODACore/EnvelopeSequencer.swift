/// Stamps bodies into envelopes for one publisher: its source, its epoch, and a gapless sequence per kind.
///
/// A stage stamps an envelope, appends it to its log, then publishes it; after a restart it resumes the
/// sequences from its log with a new epoch, so subscribers see a restart, not a gap.
public struct EnvelopeSequencer: Sendable {
    public let source: StageName
    public let epoch: UInt64
    /// The last sequence number used, per kind (0 when none yet).
    public private(set) var lastSequence: [MessageKind: UInt64]

    /// - Parameters:
    ///   - source: the publisher's name.
    ///   - epoch: this run's epoch; see ``EnvelopeSequencer/epoch(nowMicros:after:)``.
    ///   - resuming: the last sequence per kind from a previous run, when resuming from a log.
    public init(source: StageName, epoch: UInt64, resuming: [MessageKind: UInt64] = [:]) {
        self.source = source
        self.epoch = epoch
        self.lastSequence = resuming
    }

    /// Wraps a body in the next envelope of its kind.
    public mutating func stamp(_ body: MessageBody, timeNanos: Int64, causes: [EventID] = []) -> Envelope {
        let sequence = (lastSequence[body.kind] ?? 0) + 1
        lastSequence[body.kind] = sequence
        return Envelope(
            source: source,
            epoch: epoch,
            sequence: sequence,
            timeNanos: timeNanos,
            causes: causes,
            body: body
        )
    }

    /// A new epoch: the current time in microseconds, and always above the previous run's epoch even if the
    /// clock went back.
    public static func epoch(nowMicros: UInt64, after previous: UInt64? = nil) -> UInt64 {
        guard let previous else { return nowMicros }
        return max(nowMicros, previous + 1)
    }
}
