import ZeroMQ

/// Follows each publisher endpoint's handshakes so that a failure repeated at every reconnection is said once:
/// each reason the first time an endpoint fails for it, and the success that ends the failures.
struct HandshakeWatch {
    /// What an event changed.
    enum Change: Equatable {
        case none
        /// The endpoint failed for a reason not yet said since it last succeeded.
        case failing(HandshakeFailure)
        /// The endpoint's handshake succeeded after this many failures.
        case mended(failures: Int)
    }

    private var failing: [String: (said: Set<HandshakeFailure>, count: Int)] = [:]

    mutating func note(_ event: ZMQMonitorEvent, subscriberUsesCurve: Bool) -> Change {
        if let failure = HandshakeFailure(event, subscriberUsesCurve: subscriberUsesCurve) {
            var streak = failing[event.endpoint] ?? ([], 0)
            streak.count += 1
            let new = streak.said.insert(failure).inserted
            failing[event.endpoint] = streak
            return new ? .failing(failure) : .none
        }
        if event.kind == .handshakeSucceeded, let streak = failing.removeValue(forKey: event.endpoint) {
            return .mended(failures: streak.count)
        }
        return .none
    }
}
