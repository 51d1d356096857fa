/// A topology file that cannot be used: what is wrong, in which file, on which line, in which field.
public struct TopologyError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable, syntax, missingField, unknownField, invalidValue, unknownStage, duplicateEndpoint
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be read.
        public static let unreadable = Code(.unreadable)
        /// The file is not valid YAML.
        public static let syntax = Code(.syntax)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A field the topology does not know (often a typo).
        public static let unknownField = Code(.unknownField)
        /// A field whose value has the wrong type or is out of range.
        public static let invalidValue = Code(.invalidValue)
        /// A stage that is not observe, orient, decide or act.
        public static let unknownStage = Code(.unknownStage)
        /// Two stages bound to one endpoint.
        public static let duplicateEndpoint = Code(.duplicateEndpoint)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The topology file's path.
    public var file: String
    /// The 1-based line of the offending node, when known.
    public var line: Int?
    /// The dotted path of the offending field, e.g. `stages.decide.mode`.
    public var field: String
    /// What is wrong and what to do.
    public var message: String

    public init(_ code: Code, file: String, line: Int?, field: String, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, the shape editors and terminals link to.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}
