/// A metric family's declared type and help.
public struct MetricFamily: Sendable, Equatable {
    /// The metric types of the text format.
    public enum MetricType: String, Sendable, Codable {
        case counter, gauge, histogram, summary, untyped
    }

    /// The family name.
    public var name: String
    /// The declared type; `untyped` when no `# TYPE` line was given.
    public var type: MetricType
    /// The unescaped help text, when a `# HELP` line was given.
    public var help: String?

    /// Creates a family.
    ///
    /// - Parameters:
    ///   - name: The family name.
    ///   - type: The declared type.
    ///   - help: The help text.
    public init(name: String, type: MetricType = .untyped, help: String? = nil) {
        self.name = name
        self.type = type
        self.help = help
    }
}
