import Synchronization

/// The live counters behind ``BusStats``: written by one I/O thread, read by anyone.
final class BusCounters: Sendable {
    let published = Atomic<UInt64>(0)
    let abandoned = Atomic<UInt64>(0)
    let received = Atomic<UInt64>(0)
    let rejected = Atomic<UInt64>(0)
    let gaps = Atomic<UInt64>(0)
    let missed = Atomic<UInt64>(0)
    let restarts = Atomic<UInt64>(0)
    let duplicates = Atomic<UInt64>(0)
    let refused = Atomic<UInt64>(0)
    let handshakeFailures = Atomic<UInt64>(0)
    /// A publisher's subscriptions now.
    let subscribedTopics = SubscribedTopics()

    init() {}

    /// The counters now. Each is read on its own, so a snapshot taken under traffic may be off by the messages
    /// in flight between two reads.
    var snapshot: BusStats {
        var stats = BusStats()
        stats.published = published.load(ordering: .relaxed)
        stats.abandoned = abandoned.load(ordering: .relaxed)
        stats.received = received.load(ordering: .relaxed)
        stats.rejected = rejected.load(ordering: .relaxed)
        stats.gaps = gaps.load(ordering: .relaxed)
        stats.missed = missed.load(ordering: .relaxed)
        stats.restarts = restarts.load(ordering: .relaxed)
        stats.duplicates = duplicates.load(ordering: .relaxed)
        stats.refused = refused.load(ordering: .relaxed)
        stats.handshakeFailures = handshakeFailures.load(ordering: .relaxed)
        return stats
    }
}

extension Atomic where Value == UInt64 {
    /// Adds to a counter that only its owner writes.
    func add(_ amount: UInt64 = 1) {
        wrappingAdd(amount, ordering: .relaxed)
    }
}
