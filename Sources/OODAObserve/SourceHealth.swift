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
