/// Something observe samples once per cycle: the host, a scrape target, the push inbox, a simulation.
///
/// A source never throws the cycle away: a failure is reported in the result's health, with whatever samples
/// could still be read, and the other sources go on.
public protocol MetricSource: Sendable {
    /// The source's name in health reports and logs, unique within a stage.
    var name: String { get }

    /// Samples the source once.
    ///
    /// - Parameter atNanos: The cycle's time in nanoseconds; rates are computed against it, never the wall clock.
    /// - Returns: The samples read and the source's health.
    func sample(atNanos: Int64) async -> SourceResult

    /// Whether sampling waits on something outside this process, such as a scrape target on the network. Such
    /// sources are sampled side by side, each in a task of its own, so that a slow one delays no other; the others
    /// (reading `/proc`, memory) are sampled one after the other in the cycle's own task, which costs no task.
    /// `true` unless a source says otherwise.
    var waitsOnIO: Bool { get }
}

extension MetricSource {
    public var waitsOnIO: Bool { true }
}
