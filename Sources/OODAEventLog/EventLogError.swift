import Glibc

/// Why the event log could not be opened, read, written or verified: what, where (file and byte offset), and
/// the errno when a system call failed.
public struct EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound, emptyLog, corruptRecord, brokenChain, tornTail, unsupportedSchema, io, locked
            case invalidPayload, closed, invalidArgument
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The log directory (or a segment it should hold) does not exist.
        public static let notFound = Code(.notFound)
        /// The directory holds no log segments at all.
        public static let emptyLog = Code(.emptyLog)
        /// A record is not well formed, or its checksum does not match its payload.
        public static let corruptRecord = Code(.corruptRecord)
        /// A record's hash does not match its payload and the previous hash, or its `prev` is not the previous
        /// record's hash, or its sequence number does not follow the previous one.
        public static let brokenChain = Code(.brokenChain)
        /// The last record of the log is incomplete (a write cut short by a crash). Reported, not thrown: the
        /// writer cuts it on open, readers stop before it.
        public static let tornTail = Code(.tornTail)
        /// The record format or the envelope schema is newer than this build reads.
        public static let unsupportedSchema = Code(.unsupportedSchema)
        /// A system call failed; see ``EventLogError/errno``.
        public static let io = Code(.io)
        /// Another writer holds the log: there is one writer per log.
        public static let locked = Code(.locked)
        /// The bytes given to append are not one line of envelope JSON.
        public static let invalidPayload = Code(.invalidPayload)
        /// The writer was closed, or failed earlier and refuses further appends.
        public static let closed = Code(.closed)

        /// A value given on the command line is not valid.
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The file or directory concerned, when there is one.
    public var path: String?
    /// The byte offset in ``path`` of the record concerned, when there is one.
    public var offset: Int64?
    /// The errno of the failed system call, for ``Code/io``.
    public var errno: Int32?
    /// What was wrong and what to do, in sentences.
    public var detail: String

    public init(_ code: Code, path: String? = nil, offset: Int64? = nil, errno: Int32? = nil, _ detail: String) {
        self.code = code
        self.path = path
        self.offset = offset
        self.errno = errno
        self.detail = detail
    }

    /// An ``Code/io`` error for a failed system call, reading the errno it left.
    static func system(_ call: String, path: String, errno code: Int32) -> EventLogError {
        let reason = String(cString: strerror(code))
        return EventLogError(.io, path: path, errno: code, "\(call) failed: \(reason) (errno \(code))")
    }

    public var description: String {
        var location = ""
        if let path { location += " \(path)" }
        if let offset { location += " at byte \(offset)" }
        return "\(code)\(location): \(detail)"
    }
}
