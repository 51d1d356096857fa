/// What a publisher or subscriber has done so far: a snapshot, readable from any thread.
public struct BusStats: Sendable, Equatable, CustomStringConvertible {
    /// Envelopes handed to the socket (publisher).
    public var published: UInt64 = 0
    /// Envelopes the publisher gave up on: still queued when closing outlasted the linger.
    public var abandoned: UInt64 = 0
    /// Envelopes received and decoded (subscriber), duplicates excluded.
    public var received: UInt64 = 0
    /// Messages rejected: malformed frames, unknown kinds, unsupported schema versions.
    public var rejected: UInt64 = 0
    /// Runs of missing sequence numbers seen.
    public var gaps: UInt64 = 0
    /// Envelopes lost in those gaps, in total.
    public var missed: UInt64 = 0
    /// Publisher restarts (new epochs) seen.
    public var restarts: UInt64 = 0
    /// Envelopes seen before (same publisher, kind and epoch, sequence not above the last), and dropped.
    public var duplicates: UInt64 = 0
    /// CURVE handshakes refused because the subscriber's key is not authorized (publisher).
    public var refused: UInt64 = 0
    /// Security handshakes with a publisher that failed (subscriber): refused, a wrong key, CURVE on one side only.
    public var handshakeFailures: UInt64 = 0

    public init() {}

    public var description: String {
        "published \(published), abandoned \(abandoned), received \(received), rejected \(rejected), "
            + "gaps \(gaps) (missed \(missed)), restarts \(restarts), duplicates \(duplicates), refused \(refused), "
            + "handshake failures \(handshakeFailures)"
    }
}
