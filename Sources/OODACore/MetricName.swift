/// Well-known metric names: the service's state fields as the policy reads them.
///
/// Any other name is allowed in an ``Observation``; these are the ones the default configuration maps into
/// the filter's state vector.
public enum MetricName {
    /// Quality score, 0...1.
    public static let omegaScore = "omega_score"
    /// Stability index, 0...1.
    public static let psiIndex = "psi_index"
    /// Performance under stress relative to baseline; above 1 is antifragile.
    public static let betaAntifragile = "beta_antifragile"
    /// CPU utilisation, 0...1.
    public static let cpuUsage = "cpu_usage"
    /// Request latency in milliseconds.
    public static let latencyMs = "latency_ms"
    /// Requests per second.
    public static let throughput = "throughput"
    /// Memory utilisation, 0...1.
    public static let memoryUsage = "memory_usage"

    /// The six fields of the default state vector, in order.
    public static let defaultStateFields = [omegaScore, psiIndex, betaAntifragile, cpuUsage, latencyMs, throughput]
}
