import Glibc
import Logging

/// Keeps a log within a size: removes its oldest segments, oldest first, never the one being written.
///
/// What is left still verifies, reads, takes appends and replays (see docs/event-log.md, "Removing old
/// segments"); the first record left keeps the hash of the last one removed as its `prev`.
package struct SegmentRetention: Sendable {
    /// The most bytes the log's segments may take together.
    package var budget: Int64

    package init(budget: Int64) {
        self.budget = budget
    }

    /// The segments to remove, oldest first, from segments listed oldest first with their sizes: the fewest
    /// that bring the total within the budget, never the last one.
    package func segmentsToRemove(_ segments: [(index: Int, bytes: Int64)]) -> [Int] {
        var total = segments.reduce(0) { $0 + $1.bytes }
        var removed: [Int] = []
        for segment in segments.dropLast() where total > budget {
            removed.append(segment.index)
            total -= segment.bytes
        }
        return removed
    }

    /// Removes what ``segmentsToRemove(_:)`` names in `log`, then makes the removal durable. A segment that
    /// cannot be removed is reported and kept, with the ones after it: appends matter more than the disk.
    ///
    /// - Returns: the segments removed.
    @discardableResult
    package func apply(to log: LogDirectory, durably: Bool, logger: Logger) -> [Int] {
        let segments: [(index: Int, bytes: Int64)]
        do {
            segments = try log.segments().map { index in (index, try log.segmentSize(index)) }
        } catch {
            logger.warning("event log: cannot list segments to apply retention", metadata: ["error": "\(error)"])
            return []
        }
        var removed: [Int] = []
        for index in segmentsToRemove(segments) {
            let path = log.segmentPath(index)
            guard unlink(path) == 0 else {
                let error = EventLogError.system("unlink", path: path, errno: errno)
                logger.warning("event log: cannot remove an old segment", metadata: ["error": "\(error)"])
                break
            }
            removed.append(index)
        }
        if !removed.isEmpty {
            if durably { try? log.sync() }
            logger.notice(
                "event log: removed old segments to stay within retainBytes",
                metadata: [
                    "log": "\(log.path)", "segments": "\(removed.map(LogDirectory.segmentName))",
                    "budget": "\(budget)",
                ]
            )
        }
        return removed
    }
}
