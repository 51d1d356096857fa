import Synchronization

/// The topic prefixes a publisher's subscribers have subscribed to, as its XPUB reports them: a prefix arrives
/// with the first subscription to it and leaves with the last unsubscription. Written by the publisher's I/O
/// thread, read by anyone.
final class SubscribedTopics: Sendable {
    private let prefixes = Mutex<[[UInt8]: Int]>([:])

    /// Records one subscription message: `1` then the prefix to subscribe, `0` then the prefix to leave.
    func note(_ message: [UInt8]) {
        guard let flag = message.first else { return }
        let prefix = Array(message.dropFirst())
        prefixes.withLock { prefixes in
            let count = prefixes[prefix, default: 0] + (flag == 1 ? 1 : -1)
            prefixes[prefix] = count > 0 ? count : nil
        }
    }

    /// Whether anyone subscribed to anything.
    var isEmpty: Bool { prefixes.withLock { $0.isEmpty } }

    /// Whether a subscription covers `topic`: one of the prefixes starts it (the empty prefix covers all).
    func covers(_ topic: [UInt8]) -> Bool {
        prefixes.withLock { prefixes in prefixes.keys.contains { topic.starts(with: $0) } }
    }

    /// Whether someone subscribed to exactly this prefix.
    func contains(_ prefix: [UInt8]) -> Bool {
        prefixes.withLock { $0[prefix] != nil }
    }
}
