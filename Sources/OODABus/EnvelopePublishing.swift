import OODACore

/// Publishes envelopes on the bus: over ZeroMQ (``ZeroMQPublisher``) or in memory for tests
/// (``InMemoryPublisher``).
public protocol EnvelopePublishing: Sendable {
    /// Queues an envelope for its subscribers, waiting while the publisher's queue is full.
    ///
    /// Returning means the envelope is queued, not that anyone received it: a lossy publisher drops for a
    /// subscriber that cannot keep up, and the subscriber sees a gap.
    ///
    /// - Throws: ``BusError`` with ``BusError/Code/closed`` after ``close()`` or a transport failure, or
    ///   ``BusError/Code/cancelled`` if the task is cancelled while waiting for room.
    func publish(_ envelope: Envelope) async throws(BusError)

    /// Waits until every envelope queued so far has been handed to the transport.
    func flush() async

    /// What the publisher has done so far.
    var stats: BusStats { get }

    /// Stops accepting envelopes, sends what is queued (within the linger), and releases the endpoint.
    func close() async
}
