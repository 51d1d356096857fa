import OODACore

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
}

/// What one source yielded in one cycle.
public struct SourceResult: Sendable, Equatable {
    /// The samples read; may be partial when the health is degraded.
    public var samples: [MetricSample]
    /// Whether the source was readable, with the errors met.
    public var health: SourceHealth

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - samples: The samples read.
    ///   - health: The source's health.
    public init(samples: [MetricSample], health: SourceHealth) {
        self.samples = samples
        self.health = health
    }
}

/// Whether a source could be read in its last cycle.
public struct SourceHealth: Sendable, Equatable, Codable {
    /// The source's state.
    public enum Status: String, Sendable, Codable {
        /// Read completely.
        case up
        /// Read in part: some files or lines failed, the rest was kept.
        case degraded
        /// Nothing could be read.
        case down
    }

    /// The source's state.
    public var status: Status
    /// The errors met, in order; empty when up.
    public var errors: [String]

    /// Creates a health report.
    ///
    /// - Parameters:
    ///   - status: The source's state.
    ///   - errors: The errors met.
    public init(status: Status, errors: [String] = []) {
        self.status = status
        self.errors = errors
    }

    /// A source read completely.
    public static let up = SourceHealth(status: .up)

    /// A source that could not be read at all, with the reason.
    ///
    /// - Parameter error: Why the source could not be read.
    /// - Returns: A `down` health.
    public static func down(_ error: ObserveError) -> SourceHealth {
        SourceHealth(status: .down, errors: [error.description])
    }
}
