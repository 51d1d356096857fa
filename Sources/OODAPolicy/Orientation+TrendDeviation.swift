import OODACore

extension Orientation {
    /// The standard deviation of the named field's trend, in raw units per second, read from the filter
    /// snapshot; `nil` when the orientation carries no covariance for it.
    ///
    /// The snapshot's covariance is in normalised units; the field's scale² is the ratio of its reported level
    /// variance to the snapshot's, so no configuration is needed to read it back.
    public func trendDeviation(of field: String) -> Double? {
        guard let index = fields.firstIndex(of: field), index < variance.count else { return nil }
        let size = 2 * fields.count
        let level = 2 * index * size + 2 * index
        let trend = (2 * index + 1) * size + 2 * index + 1
        guard filter.covariance.count == size * size, filter.covariance[level] > 0 else { return nil }
        let scaleSquared = variance[index] / filter.covariance[level]
        return (filter.covariance[trend] * scaleSquared).squareRoot()
    }
}
