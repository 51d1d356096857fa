import Foundation

/// Runs `body`, failing with ``TimedOut`` if it takes longer than `limit`: every wait in these tests is
/// bounded, so a broken build fails instead of hanging CI. The sleep here is the deadline, not the event.
func withTimeout<T: Sendable>(
    _ limit: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimedOut(what: what, limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "timed out after \(limit) waiting for \(what)" }
}
