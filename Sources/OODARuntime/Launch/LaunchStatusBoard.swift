import OODACore
import Synchronization

/// The launcher's shared view of its stages: written by the supervisors and the bus tap, read by the
/// status display. Thread-safe.
public final class LaunchStatusBoard: Sendable {
    private struct State {
        var statuses: [StageName: StageStatus]
        var watchers: [Int: AsyncStream<[StageStatus]>.Continuation] = [:]
        var nextWatcher = 0

        var ordered: [StageStatus] { StageName.loop.compactMap { statuses[$0] } }
    }

    private let state: Mutex<State>

    public init(stages: [StageName]) {
        let statuses = Dictionary(uniqueKeysWithValues: stages.map { ($0, StageStatus(stage: $0)) })
        self.state = Mutex(State(statuses: statuses))
    }

    /// Changes one stage's status and tells every watcher.
    public func update(_ stage: StageName, _ change: (inout StageStatus) -> Void) {
        state.withLock { state in
            var status = state.statuses[stage] ?? StageStatus(stage: stage)
            change(&status)
            state.statuses[stage] = status
            let snapshot = state.ordered
            for watcher in state.watchers.values { watcher.yield(snapshot) }
        }
    }

    /// A copy of every stage's status, in loop order.
    public func snapshot() -> [StageStatus] {
        state.withLock { $0.ordered }
    }

    /// Every status change from now on, as snapshots (starting with the current one).
    public func changes() -> AsyncStream<[StageStatus]> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [StageStatus].self,
            bufferingPolicy: .bufferingNewest(64)
        )
        state.withLock { state in
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = continuation
            continuation.yield(state.ordered)
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
            }
        }
        return stream
    }
}
