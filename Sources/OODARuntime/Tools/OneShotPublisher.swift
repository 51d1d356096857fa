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
    /// CURVE: this publisher's key pair and the public keys of the subscribers it admits (`--keys DIR --as NAME`:
    /// NAME's pair, every `*.key` in DIR), as a stage publishes under `curve.keys`; `nil` for plain text.
    public var curve: PublisherCurve?

    public init(
        endpoint: String,
        subscribers: Int = 1,
        timeout: Duration = .seconds(10),
        curve: PublisherCurve? = nil
    ) {
        self.endpoint = endpoint
        self.subscribers = subscribers
        self.timeout = timeout
        self.curve = curve
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
        // With CURVE, this process answers its context's authentication requests while subscribers connect.
        let authentication: ZMQSocket? = curve == nil ? nil : try ZMQSocket(context, type: .reply)
        let socket = try ZMQSocket(context, type: .extendedPublisher, linger: .seconds(5))
        do {
            if let curve {
                switch authentication {
                case .some(let authentication): try authentication.bind(ZMQCurveAuthenticator.endpoint)
                case .none: break
                }
                try socket.set(.curveServer, true)
                try socket.set(.curveSecretKey, curve.keys.secretKey)
            }
            try socket.bind(endpoint)
        } catch {
            throw Failure(description: "cannot bind \(endpoint): \(error)")
        }
        let seen = try waitForSubscribers(socket, authentication)
        let codec = WireCodec()
        for envelope in envelopes {
            _ = try socket.send(frames: codec.encode(envelope))
        }
        socket.close()
        return seen
    }

    /// Reads subscriptions (answering authentication requests, with CURVE) until enough have come.
    ///
    /// - Returns: how many came.
    private func waitForSubscribers(_ socket: borrowing ZMQSocket, _ authentication: borrowing ZMQSocket?) throws -> Int
    {
        var seen = 0
        var poller = ZMQPoller()
        let index = poller.add(socket, events: .readable)
        let authenticator = curve.map { ZMQCurveAuthenticator(authorized: $0.authorized) }
        var authenticationIndex: Int?
        switch authentication {
        case .some(let authentication): authenticationIndex = poller.add(authentication, events: .readable)
        case .none: break
        }
        var refused: Set<String> = []
        let deadline = ContinuousClock.now + timeout
        while seen < subscribers {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                let keys =
                    refused.isEmpty
                    ? ""
                    : "; refused subscribers whose keys are not in the keys directory: "
                        + refused.sorted().joined(separator: ", ")
                throw Failure(
                    description:
                        "no subscriber joined \(endpoint) within \(timeout) (start `ooda tap --endpoint \(endpoint)` first, or pass --subscribers 0)\(keys)"
                )
            }
            _ = try poller.poll(timeout: left)
            if let authenticationIndex, let authenticator,
                poller.readyEvents(at: authenticationIndex).contains(.readable)
            {
                switch authentication {
                case .some(let authentication):
                    for case .refused(let key, _) in try authenticator.answerWaiting(on: authentication) {
                        refused.insert(key)
                    }
                case .none: break
                }
            }
            guard poller.readyEvents(at: index).contains(.readable) else { continue }
            while let frames = try socket.receive(blocking: false) {
                // A subscription message is one frame: 1 then the topic prefix (0 for an unsubscription).
                if let first = frames.first?.first, first == 1 { seen += 1 }
            }
        }
        return seen
    }
}
