/// The events a subscriber delivers, as an asynchronous sequence that ends when the subscriber is closed.
///
/// Iterating it is what lets the subscriber's I/O thread read on: when nobody iterates, its buffer fills and it
/// stops reading, so a slow consumer shows as gaps, never as unbounded memory. Several tasks may iterate at
/// once; each event goes to one of them.
public struct BusEvents: AsyncSequence, Sendable {
    public typealias Element = BusEvent
    public typealias Failure = Never

    let channel: EventChannel

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: EventChannel

        /// The next event; `nil` once the subscriber is closed and its buffer drained, or the task cancelled.
        public mutating func next() async -> BusEvent? {
            await channel.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> BusEvent? {
            await channel.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(channel: channel)
    }
}
