import OODACore
import OODAObserve
import Synchronization

/// What act last reported of the target, as samples in every observation: `revision` (orient's rollback rule
/// reads it: quality falling right after a new revision) and `target_replicas`.
final class TargetStateSource: MetricSource {
    let name = "target"
    let waitsOnIO = false
    private let state = Mutex<TargetState?>(nil)

    func update(_ target: TargetState) {
        state.withLock { $0 = target }
    }

    func sample(atNanos: Int64) async -> SourceResult {
        guard let target = state.withLock({ $0 }) else { return SourceResult(samples: [], health: .up) }
        return SourceResult(
            samples: [
                MetricSample(name: "revision", value: Double(target.revision), source: "act"),
                MetricSample(name: "target_replicas", value: Double(target.replicas), source: "act"),
            ],
            health: .up
        )
    }
}
