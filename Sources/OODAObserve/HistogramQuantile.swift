/// The quantile of a cumulative histogram, estimated as PromQL's `histogram_quantile` does.
package enum HistogramQuantile {
    /// Estimates a quantile by linear interpolation within the bucket that holds its rank.
    ///
    /// Follows Prometheus' `bucketQuantile`: the buckets must end with `+Inf`; a rank in the `+Inf` bucket
    /// answers the highest finite bound; the first bucket's lower bound is 0 unless its upper bound is not
    /// positive. Counts that decrease (buckets scraped at slightly different times) are made monotonic.
    ///
    /// - Parameters:
    ///   - quantile: The quantile, 0...1.
    ///   - buckets: (upper bound, cumulative count) pairs sorted by bound.
    /// - Returns: The estimate, or `nil` when the histogram is empty or has no `+Inf` bucket.
    package static func estimate(_ quantile: Double, buckets: [(bound: Double, count: Double)]) -> Double? {
        guard buckets.count >= 2, let last = buckets.last, last.bound == .infinity, last.count > 0 else {
            return nil
        }
        var monotonic = buckets
        for index in monotonic.indices.dropFirst() where monotonic[index].count < monotonic[index - 1].count {
            monotonic[index].count = monotonic[index - 1].count
        }
        var rank = quantile * monotonic[monotonic.count - 1].count
        guard let found = monotonic.firstIndex(where: { $0.count >= rank }) else { return nil }
        if found == monotonic.count - 1 { return monotonic[monotonic.count - 2].bound }
        if found == 0 && monotonic[0].bound <= 0 { return monotonic[0].bound }
        var start = 0.0
        var count = monotonic[found].count
        if found > 0 {
            start = monotonic[found - 1].bound
            count -= monotonic[found - 1].count
            rank -= monotonic[found - 1].count
        }
        guard count > 0 else { return start }
        return start + (monotonic[found].bound - start) * (rank / count)
    }
}
