/// Why a stage could not start or go on.
public struct StageError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case log, bind, configuration, resume }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The stage's log could not be opened or appended to.
        public static let log = Code(.log)
        /// An endpoint could not be bound or connected.
        public static let bind = Code(.bind)
        /// The stage's settings are not usable.
        public static let configuration = Code(.configuration)
        /// The state in the log could not be resumed.
        public static let resume = Code(.resume)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
