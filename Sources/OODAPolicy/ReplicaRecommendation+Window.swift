import OODACore

extension [ReplicaRecommendation] {
    /// Remembers a recommendation for a sliding maximum over `window` nanoseconds.
    ///
    /// Only what can still be the window's maximum is kept: an older recommendation no larger than a newer one
    /// never will be, so the list stays short (decreasing replicas, increasing time) and a ``Decision`` stays small.
    mutating func rememberForMaximum(_ recommendation: ReplicaRecommendation, window: Int64) {
        removeAll { $0.replicas <= recommendation.replicas }
        append(recommendation)
        forget(before: recommendation.timeNanos, window: window)
    }

    /// Remembers every recommendation inside the window (for a sliding minimum and maximum both).
    mutating func remember(_ recommendation: ReplicaRecommendation, window: Int64) {
        append(recommendation)
        forget(before: recommendation.timeNanos, window: window)
    }

    /// Drops recommendations made `window` or more before `now`.
    mutating func forget(before now: Int64, window: Int64) {
        let (start, overflow) = now.subtractingReportingOverflow(window)
        if !overflow { removeAll { $0.timeNanos <= start } }
    }

    /// The recommendations made in the `window` nanoseconds up to `now` (after `now − window`, as the HPA
    /// counts them).
    func within(_ window: Int64, of now: Int64) -> [ReplicaRecommendation] {
        let (start, overflow) = now.subtractingReportingOverflow(window)
        return overflow ? self : filter { $0.timeNanos > start }
    }
}
