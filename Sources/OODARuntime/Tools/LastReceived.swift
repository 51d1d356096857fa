import Synchronization

/// When a tap last received anything, on the monotonic clock, shared between the reader and its watchdog.
final class LastReceived: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    func mark() { instant.withLock { $0 = .now } }

    /// Whether nothing arrived for `duration`; resets the clock when so, so the notice repeats each period.
    func quietFor(_ duration: Duration) -> Bool {
        instant.withLock { last in
            guard ContinuousClock.now - last >= duration else { return false }
            last = .now
            return true
        }
    }
}
