import Foundation
import OODACore
import OODAEventLog

/// Reads, checks and decodes one log on a thread of its own, a few chunks ahead of its consumer.
///
/// Replay follows four logs at once and spends most of its time reading them (checksums, hashes, JSON), so
/// each log is read on its own thread while the consumer runs orient and decide: on a machine with two cores or
/// more the reading and the computing overlap. Envelopes come out in log order; a bad record stops the reading
/// and its error comes out where the record was, after every good envelope before it. Dropping the prefetcher
/// stops its thread.
final class LogPrefetcher {
    private let handOff: ChunkHandOff
    private var chunk: [Envelope] = []
    private var index = 0
    private var ended: EventLogError??

    /// Starts reading `reader`'s log from its beginning.
    init(reader: EventLogReader, chunkSize: Int = 256, depth: Int = 8) {
        let handOff = ChunkHandOff(depth: depth)
        self.handOff = handOff
        // The thread holds the hand-off, not the prefetcher, so that dropping the prefetcher cancels it.
        let thread = Thread { handOff.fill(from: reader, chunkSize: chunkSize) }
        thread.name = "ooda-log-read"
        thread.start()
    }

    deinit {
        handOff.cancel()
    }

    /// The next envelope in log order; nil at the log's end.
    ///
    /// - Throws: ``EventLogError`` for the first bad record, once every envelope before it was returned; again
    ///   on every later call.
    func next() throws(EventLogError) -> Envelope? {
        while index == chunk.count {
            if let ended {
                if let error = ended { throw error }
                return nil
            }
            switch handOff.take() {
            case .envelopes(let envelopes):
                chunk = envelopes
                index = 0
            case .failure(let error): ended = .some(error)
            case .end: ended = .some(nil)
            }
        }
        defer { index += 1 }
        return chunk[index]
    }
}

/// The bounded queue of chunks between a ``LogPrefetcher``'s reading thread and its consumer.
private final class ChunkHandOff: @unchecked Sendable {
    // `queue` and `cancelled` are guarded by `condition`.
    enum Item {
        case envelopes([Envelope])
        case failure(EventLogError)
        case end
    }

    private let condition = NSCondition()
    private var queue: [Item] = []
    private var cancelled = false
    private let depth: Int

    init(depth: Int) {
        self.depth = max(1, depth)
    }

    /// Reads the whole log into the queue, chunk by chunk, until its end, its first bad record, or cancellation.
    func fill(from reader: EventLogReader, chunkSize: Int) {
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(chunkSize)
        do {
            var cursor = try reader.records()
            while let record = try cursor.next() {
                envelopes.append(record.envelope)
                if envelopes.count == chunkSize {
                    guard push(.envelopes(envelopes)) else { return }
                    envelopes = []
                    envelopes.reserveCapacity(chunkSize)
                }
            }
            if !envelopes.isEmpty { guard push(.envelopes(envelopes)) else { return } }
            _ = push(.end)
        } catch {
            if !envelopes.isEmpty { guard push(.envelopes(envelopes)) else { return } }
            _ = push(.failure(error))
        }
    }

    /// The next item, waiting for the reading thread to queue one.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        condition.broadcast()
        return queue.removeFirst()
    }

    /// Stops the reading thread at its next chunk.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues an item, waiting while `depth` items wait; false once cancelled.
    private func push(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(item)
        condition.broadcast()
        return true
    }
}
