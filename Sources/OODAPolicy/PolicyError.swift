/// Why orient or decide refused an input, a snapshot or a configuration.
///
/// A rejected step leaves the state exactly as it was, so the stage can log the error and carry on.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case missingField, nonFiniteValue, valueOutOfRange, fieldCount, snapshotMismatch
            case invalidConfiguration, unexpectedKind
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An observation lacks a metric the state vector needs.
        public static let missingField = Code(.missingField)
        /// A value is NaN or infinite.
        public static let nonFiniteValue = Code(.nonFiniteValue)
        /// A value is finite but so large that the filter's arithmetic would overflow.
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// A measurement vector does not have one value per state field.
        public static let fieldCount = Code(.fieldCount)
        /// A snapshot does not fit the configured state (other fields, another layout, or invalid numbers).
        public static let snapshotMismatch = Code(.snapshotMismatch)
        /// A configuration value is out of its allowed range.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// A stage was handed an envelope of a kind it does not take.
        public static let unexpectedKind = Code(.unexpectedKind)

        public var description: String { base.rawValue }
    }

    /// What kind of problem it was.
    public var code: Code
    /// The state field or configuration key at fault, when there is one.
    public var field: String?
    /// What was wrong and what to do, in a sentence.
    public var detail: String

    public init(_ code: Code, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(detail)" }
        return "\(code): \(detail)"
    }
}
