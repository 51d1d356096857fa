import OODACore

extension AdaptiveKalmanFilter {
    /// How many numbers the filter keeps in ``FilterSnapshot/adaptive``: the forgetting power, then three
    /// whiteness statistics and the outlier run per field. Anything after them belongs to the caller.
    public var adaptiveCount: Int { 1 + 4 * estimates.count }

    /// The filter's complete state as plain numbers (normalised units), to ride in an ``Orientation``.
    ///
    /// The state vector is `[level₀, trend₀, level₁, trend₁, …]`; the covariance is its `2n × 2n` row-major
    /// matrix, block diagonal because fields are independent.
    public var snapshot: FilterSnapshot {
        let size = 2 * estimates.count
        var state = [Double](repeating: 0, count: size)
        var covariance = [Double](repeating: 0, count: size * size)
        var adaptive = [forgettingPower]
        adaptive.reserveCapacity(adaptiveCount)
        for (index, estimate) in estimates.enumerated() {
            let row = 2 * index
            state[row] = estimate.level
            state[row + 1] = estimate.trend
            covariance[row * size + row] = estimate.p00
            covariance[row * size + row + 1] = estimate.p01
            covariance[(row + 1) * size + row] = estimate.p01
            covariance[(row + 1) * size + row + 1] = estimate.p11
            adaptive += [
                estimate.previousWhitened, estimate.whitenedPower, estimate.whitenedLagProduct, estimate.rejectedRun,
            ]
        }
        return FilterSnapshot(
            state: state,
            covariance: covariance,
            measurementNoise: estimates.map(\.noise),
            adaptive: adaptive,
            steps: steps,
            lastTimeNanos: lastTimeNanos
        )
    }

    /// A filter that continues exactly where the snapshot's filter stood.
    ///
    /// - Parameters:
    ///   - configuration: The configuration the snapshot was taken under (same fields, in the same order).
    ///   - snapshot: A snapshot from ``snapshot``; extra trailing ``FilterSnapshot/adaptive`` values are ignored.
    /// - Throws: ``PolicyError`` with code `snapshotMismatch` when the sizes do not fit the configuration or a
    ///   covariance is not positive definite; `invalidConfiguration` when the configuration is invalid.
    public init(configuration: FilterConfiguration, restoring snapshot: FilterSnapshot) throws(PolicyError) {
        try self.init(configuration: configuration)
        let count = estimates.count
        let size = 2 * count
        guard snapshot.state.count == size, snapshot.covariance.count == size * size,
            snapshot.measurementNoise.count == count, snapshot.adaptive.count >= adaptiveCount
        else {
            throw PolicyError(
                .snapshotMismatch,
                "the snapshot holds \(snapshot.state.count / 2) fields' state, the configuration \(count) fields; "
                    + "restore with the configuration it was written under"
            )
        }
        let numbers = snapshot.state + snapshot.covariance + snapshot.measurementNoise + snapshot.adaptive
        guard numbers.allSatisfy(\.isFinite) else {
            throw PolicyError(.snapshotMismatch, "the snapshot holds a non-finite number")
        }
        for index in 0..<count {
            let row = 2 * index
            var estimate = LevelTrendEstimate(
                level: snapshot.state[row],
                trend: snapshot.state[row + 1],
                p00: snapshot.covariance[row * size + row],
                p01: snapshot.covariance[row * size + row + 1],
                p11: snapshot.covariance[(row + 1) * size + row + 1],
                noise: snapshot.measurementNoise[index]
            )
            estimate.previousWhitened = snapshot.adaptive[1 + 4 * index]
            estimate.whitenedPower = snapshot.adaptive[2 + 4 * index]
            estimate.whitenedLagProduct = snapshot.adaptive[3 + 4 * index]
            estimate.rejectedRun = snapshot.adaptive[4 + 4 * index]
            estimates[index] = estimate
        }
        forgettingPower = snapshot.adaptive[0]
        steps = snapshot.steps
        lastTimeNanos = snapshot.lastTimeNanos
        guard isPositiveDefinite else {
            throw PolicyError(.snapshotMismatch, "the snapshot's covariances are not positive definite")
        }
    }
}
