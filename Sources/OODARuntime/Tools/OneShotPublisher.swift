import OODACore
import ZeroMQ

/// `ooda publish`: binds an endpoint, waits for subscribers to join (a PUB socket drops what it sends before
/// anyone subscribed), sends the envelopes, and lingers until they are out.
///
/// Blocking, for a command-line tool's main thread; the socket never leaves it.
public struct OneShotPublisher {
    public var endpoint: String
    /// How many subscriptions to wait for before sending.
    public var subscribers: Int
    /// How long to wait for them.
    public var timeout: Duration

    public init(endpoint: String, subscribers: Int = 1, timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.subscribers = subscribers
        self.timeout = timeout
    }

    /// Why publishing failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends every envelope; returns how many subscriptions were seen.
    ///
    /// - Throws: ``Failure`` naming the endpoint when it cannot be bound, or when no subscriber came in time.
    @discardableResult
    public func send(_ envelopes: [Envelope]) throws -> Int {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .extendedPublisher, linger: .seconds(5))
        do {
            try socket.bind(endpoint)
        } catch {
            throw Failure(description: "cannot bind \(endpoint): \(error)")
        }
        var seen = 0
        var poller = ZMQPoller()
        let index = poller.add(socket, events: .readable)
        let deadline = ContinuousClock.now + timeout
        while seen < subscribers {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw Failure(
                    description:
                        "no subscriber joined \(endpoint) within \(timeout) (start `ooda tap --endpoint \(endpoint)` first, or pass --subscribers 0)"
                )
            }
            _ = try poller.poll(timeout: left)
            guard poller.readyEvents(at: index).contains(.readable) else { continue }
            while let frames = try socket.receive(blocking: false) {
                // A subscription message is one frame: 1 then the topic prefix (0 for an unsubscription).
                if let first = frames.first?.first, first == 1 { seen += 1 }
            }
        }
        let codec = WireCodec()
        for envelope in envelopes {
            _ = try socket.send(frames: codec.encode(envelope))
        }
        socket.close()
        return seen
    }
}
