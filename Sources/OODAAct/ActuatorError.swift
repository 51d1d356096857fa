/// Why an actuator could not read or change its target, or could not be configured.
///
/// Actuators never throw from ``Actuator/execute(_:decision:targetReplicas:)``: they turn this error into a failed
/// ``ActuatorResult`` whose details are this error's description. It is thrown by configuration loading and by
/// ``Actuator/currentState()``.
public struct ActuatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case configuration, credentials, unauthorized, forbidden, notFound, conflict, invalid
            case serverError, timeout, transport, malformedResponse, paused, noPreviousRevision
            case spawnFailed, journal
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The actuator's configuration is wrong (missing field, unreadable file, bad value).
        public static let configuration = Code(.configuration)
        /// The credentials (token, client certificate, CA) could not be read or used.
        public static let credentials = Code(.credentials)
        /// The API server rejected the credentials (HTTP 401).
        public static let unauthorized = Code(.unauthorized)
        /// The credentials lack a permission (HTTP 403).
        public static let forbidden = Code(.forbidden)
        /// The target does not exist (HTTP 404).
        public static let notFound = Code(.notFound)
        /// The target changed under the request, and retries did not settle it (HTTP 409).
        public static let conflict = Code(.conflict)
        /// The API server refused the request as invalid (HTTP 422 or 400).
        public static let invalid = Code(.invalid)
        /// The API server failed (HTTP 5xx), after the retries.
        public static let serverError = Code(.serverError)
        /// The request took longer than its timeout, after the retries.
        public static let timeout = Code(.timeout)
        /// The connection failed (refused, reset, TLS).
        public static let transport = Code(.transport)
        /// An answer did not have the shape the API reference documents.
        public static let malformedResponse = Code(.malformedResponse)
        /// The Deployment is paused, and a paused Deployment is not rolled back.
        public static let paused = Code(.paused)
        /// There is no previous revision to roll back to.
        public static let noPreviousRevision = Code(.noPreviousRevision)
        /// A replica process could not be started.
        public static let spawnFailed = Code(.spawnFailed)
        /// The intent journal could not be read or written.
        public static let journal = Code(.journal)

        public var description: String { base.rawValue }
    }

    /// What kind of problem it was.
    public var code: Code
    /// What was wrong, where, and what to do, in sentences.
    public var detail: String
    /// The HTTP status, when an API server answered.
    public var httpStatus: Int?
    /// The `errno` of the failing system call, where there is one.
    public var errno: Int32?

    public init(_ code: Code, _ detail: String, httpStatus: Int? = nil, errno: Int32? = nil) {
        self.code = code
        self.detail = detail
        self.httpStatus = httpStatus
        self.errno = errno
    }

    public var description: String {
        var text = "\(code): \(detail)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let errno { text += " (errno \(errno))" }
        return text
    }
}
