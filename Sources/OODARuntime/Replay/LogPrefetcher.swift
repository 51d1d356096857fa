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
///
/// Finished chunks go back to the reading thread to be freed there: an envelope's arrays were allocated on that
/// thread, and freeing them on the consumer's made the two contend for the allocator's lock.
final class LogPrefetcher {
    private let handOff: ChunkHandOff
    private var chunk: [Envelope] = []
    private var index = 0
    private var ended: EventLogError??

    /// Starts reading `reader`'s log from its beginning, to `end` (nil: to its end).
    init(reader: EventLogReader, end: RecordPosition? = nil, chunkSize: Int = 256, depth: Int = 8) {
        let handOff = ChunkHandOff(depth: depth)
        self.handOff = handOff
        // The thread holds the hand-off, not the prefetcher, so that dropping the prefetcher cancels it.
        let thread = Thread { handOff.fill(from: reader, to: end, chunkSize: chunkSize) }
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
            let item = handOff.take(recycling: &chunk)
            index = 0
            switch item {
            case .envelopes(let envelopes): chunk = envelopes
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
    // `queue`, `spent` and `cancelled` are guarded by `condition`.
    enum Item {
        case envelopes([Envelope])
        case failure(EventLogError)
        case end
    }

    private let condition = NSCondition()
    private var queue: [Item] = []
    /// Chunks the consumer is done with, for the reading thread to free.
    private var spent: [[Envelope]] = []
    private var cancelled = false
    private let depth: Int

    init(depth: Int) {
        self.depth = max(1, depth)
    }

    /// Reads the whole log into the queue, chunk by chunk, until its end, its first bad record, or cancellation.
    func fill(from reader: EventLogReader, to end: RecordPosition?, chunkSize: Int) {
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(chunkSize)
        do {
            var cursor = try reader.records(to: end)
            while let envelope = try cursor.nextEnvelope() {
                envelopes.append(envelope)
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

    /// The next item, waiting for the reading thread to queue one; `finished`, the chunk the consumer is done
    /// with, is left empty and handed to the reading thread to free.
    func take(recycling finished: inout [Envelope]) -> Item {
        condition.lock()
        defer { condition.unlock() }
        if !finished.isEmpty {
            spent.append(finished)
            finished = []
        }
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

    /// Queues an item, waiting while `depth` items wait; false once cancelled. Frees the chunks the consumer
    /// handed back, on this thread and outside the lock.
    private func push(_ item: Item) -> Bool {
        condition.lock()
        while queue.count >= depth && !cancelled { condition.wait() }
        let accepted = !cancelled
        if accepted {
            queue.append(item)
            condition.broadcast()
        }
        var finished: [[Envelope]] = []
        swap(&finished, &spent)
        condition.unlock()
        finished.removeAll()
        return accepted
    }
}
