import OODACore

/// What a subscriber delivers: an envelope, or a notice about the stream that a tap prints inline.
///
/// Notices come just before the envelope that revealed them. A stage that only wants envelopes matches
/// `.envelope` and counts the rest through ``BusStats``.
public enum BusEvent: Sendable {
    /// A decoded envelope of a subscribed kind.
    case envelope(Envelope)
    /// Sequence numbers were skipped in one publisher's stream of one kind: `missed` envelopes were lost, for
    /// example dropped at a full high-water mark. `sequence` is the first number after the gap.
    case gap(source: StageName, kind: MessageKind, epoch: UInt64, sequence: UInt64, missed: UInt64)
    /// The publisher restarted: a new epoch. `missed` counts envelopes lost across the restart, when its
    /// sequence went on from where the last run stopped.
    case restart(source: StageName, kind: MessageKind, previousEpoch: UInt64, epoch: UInt64, missed: UInt64)
    /// A message that could not be read was dropped; the subscriber went on.
    case rejected(WireError, topic: String)
    /// The security handshake with the publisher at `endpoint` failed: nothing comes from it until that is
    /// mended (libzmq keeps trying). Said once when it starts failing, and again only if the reason changes.
    case handshakeFailed(endpoint: String, HandshakeFailure)

    /// The envelope, if this is one.
    public var envelope: Envelope? {
        if case .envelope(let envelope) = self { return envelope }
        return nil
    }
}
