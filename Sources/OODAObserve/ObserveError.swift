/// An error from observe: a source that could not be read, a text that could not be parsed, a push refused.
///
/// The message says what was wrong and where; `location` names the file, URL or line it concerns, and `errno`
/// carries the system's error number when a system call failed.
public struct ObserveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; an open set that may grow.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case unreadableFile, malformedProcText, malformedLine, unreachable, timeout, badStatus
            case responseTooLarge, invalidSample, invalidPayload, serverFailed, invalidConfiguration, unauthorized
        }

        private let kind: Kind

        /// A file under `/proc` or a mount point could not be read.
        public static let unreadableFile = Code(kind: .unreadableFile)
        /// A `/proc` file did not have the layout the kernel documents.
        public static let malformedProcText = Code(kind: .malformedProcText)
        /// A line of Prometheus text exposition could not be parsed.
        public static let malformedLine = Code(kind: .malformedLine)
        /// A scrape target could not be reached or the connection failed.
        public static let unreachable = Code(kind: .unreachable)
        /// A scrape target did not answer completely within its timeout.
        public static let timeout = Code(kind: .timeout)
        /// A scrape target answered with a status other than 200.
        public static let badStatus = Code(kind: .badStatus)
        /// A scrape target's answer was larger than the configured limit.
        public static let responseTooLarge = Code(kind: .responseTooLarge)
        /// A pushed sample was refused: bad name, value or labels.
        public static let invalidSample = Code(kind: .invalidSample)
        /// A push payload was not the documented JSON.
        public static let invalidPayload = Code(kind: .invalidPayload)
        /// The metrics endpoint could not start or stopped on an error.
        public static let serverFailed = Code(kind: .serverFailed)
        /// A source's configuration cannot be used, for example a label matcher's regex does not compile.
        public static let invalidConfiguration = Code(kind: .invalidConfiguration)
        /// A service pushed with a CURVE key that is not authorized.
        public static let unauthorized = Code(kind: .unauthorized)

        public var description: String { kind.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong and what to do, in words.
    public var message: String
    /// The file, URL, line or sample the error concerns.
    public var location: String
    /// The line number in the parsed text, counting from 1, when the error concerns one line.
    public var line: Int?
    /// The system's error number when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: What was wrong and what to do.
    ///   - location: The file, URL, line or sample concerned.
    ///   - line: The line number in a parsed text, counting from 1.
    ///   - errno: The system's error number, when a system call failed.
    public init(_ code: Code, _ message: String, location: String, line: Int? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.line = line
        self.errno = errno
    }

    public var description: String {
        var text = "\(location)"
        if let line { text += ":\(line)" }
        text += ": \(message)"
        if let errno { text += " (errno \(errno))" }
        return text
    }
}
