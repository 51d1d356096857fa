/// What a send came to, when it did not fail.
public enum ZMQSendResult: Sendable, Equatable {
    /// The message was queued for delivery.
    case sent
    /// The message could not be queued now (`EAGAIN`): a non-blocking send on a full queue, or `SNDTIMEO` expired.
    case wouldBlock
}
