import OODACore

/// A label matcher as in PromQL: `label="value"`, `!=`, `=~` (fully anchored regex) or `!~`.
public struct LabelMatcher: Sendable, Equatable, Codable {
    /// The comparison.
    public enum Operation: String, Sendable, Codable, NamedChoice {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!~"
    }

    /// The label name.
    public var label: String
    /// The comparison.
    public var op: Operation
    /// The value, or the regular expression.
    public var value: String

    /// Creates a matcher.
    ///
    /// - Parameters:
    ///   - label: The label name.
    ///   - op: The comparison.
    ///   - value: The value or regular expression.
    public init(label: String, op: Operation = .equal, value: String) {
        self.label = label
        self.op = op
        self.value = value
    }
}
