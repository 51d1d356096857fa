import Logging
import OODACore
import Synchronization

/// Turns received messages into ``BusEvent``s: decodes, filters by kind, follows sequences, counts and logs.
///
/// Shared by the ZeroMQ and in-memory subscribers, so both reject, count and report alike. Owned by one thread.
struct EnvelopeIntake {
    private var codec: WireCodec
    private var tracker = SequenceTracker()
    private let kinds: Set<MessageKind>?
    private let notices: Bool
    private let counters: BusCounters
    private let logger: Logger

    init(kinds: Set<MessageKind>?, notices: Bool, maximumBodyBytes: Int, counters: BusCounters, logger: Logger) {
        self.codec = WireCodec(maximumBodyBytes: maximumBodyBytes)
        self.kinds = kinds
        self.notices = notices
        self.counters = counters
        self.logger = logger
    }

    /// Reads one message and appends what it means to `events`: notices, then the envelope.
    mutating func accept(frames: [[UInt8]], into events: inout [BusEvent]) {
        let envelope: Envelope
        do {
            envelope = try codec.decode(frames: frames)
        } catch {
            reject(error, topic: frames.first ?? [], into: &events)
            return
        }
        if let kinds, !kinds.contains(envelope.kind) { return }
        switch tracker.observe(envelope) {
        case .first, .inOrder:
            break
        case .gap(let missed):
            counters.gaps.add()
            counters.missed.add(missed)
            logger.debug(
                "gap in a stream",
                metadata: ["source": "\(envelope.source)", "kind": "\(envelope.kind)", "missed": "\(missed)"]
            )
            if notices {
                events.append(
                    .gap(
                        source: envelope.source,
                        kind: envelope.kind,
                        epoch: envelope.epoch,
                        sequence: envelope.sequence,
                        missed: missed
                    )
                )
            }
        case .restart(let previousEpoch, let missed):
            counters.restarts.add()
            if missed > 0 {
                counters.gaps.add()
                counters.missed.add(missed)
            }
            logger.info(
                "publisher restarted",
                metadata: ["source": "\(envelope.source)", "kind": "\(envelope.kind)", "epoch": "\(envelope.epoch)"]
            )
            if notices {
                events.append(
                    .restart(
                        source: envelope.source,
                        kind: envelope.kind,
                        previousEpoch: previousEpoch,
                        epoch: envelope.epoch,
                        missed: missed
                    )
                )
            }
        case .duplicate:
            counters.duplicates.add()
            logger.debug("duplicate dropped", metadata: ["id": "\(envelope.id)"])
            return
        }
        counters.received.add()
        events.append(.envelope(envelope))
    }

    private func reject(_ error: WireError, topic: [UInt8], into events: inout [BusEvent]) {
        let shown = String(decoding: topic.prefix(64), as: UTF8.self)
        let count = counters.rejected.wrappingAdd(1, ordering: .relaxed).newValue
        // A flood of garbage must not become a flood of log lines: the first ten, then every power of two.
        if count <= 10 || count & (count - 1) == 0 {
            logger.warning(
                "rejected a message",
                metadata: ["topic": "\(shown)", "reason": "\(error)", "rejectedSoFar": "\(count)"]
            )
        }
        if notices { events.append(.rejected(error, topic: shown)) }
    }
}
