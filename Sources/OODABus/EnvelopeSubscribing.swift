/// Receives envelopes, and notices about their streams, from the bus: over ZeroMQ (``ZeroMQSubscriber``) or in
/// memory for tests (``InMemorySubscriber``).
public protocol EnvelopeSubscribing: Sendable {
    /// The decoded envelopes and notices, in arrival order; the sequence ends after ``close()``.
    var events: BusEvents { get }

    /// What the subscriber has seen so far.
    var stats: BusStats { get }

    /// Stops receiving. Events already buffered are still delivered, then the sequence ends.
    func close() async
}
