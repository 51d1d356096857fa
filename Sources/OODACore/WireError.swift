/// Why a frame or a message could not be read.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it was. Open for growth, so a struct over a private enum.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case frameCount, emptyFrame, frameTooLarge, unknownKind, kindMismatch, malformedJSON
            case unsupportedSchemaVersion, inconsistentEnvelope
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A message was not exactly two frames.
        public static let frameCount = Code(.frameCount)
        /// A topic or body frame was empty.
        public static let emptyFrame = Code(.emptyFrame)
        /// A body frame was larger than the codec accepts.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// The topic or the envelope's kind names no known kind.
        public static let unknownKind = Code(.unknownKind)
        /// The topic frame and the envelope's kind disagree.
        public static let kindMismatch = Code(.kindMismatch)
        /// The body frame is not JSON of the envelope's shape.
        public static let malformedJSON = Code(.malformedJSON)
        /// The envelope's schema version is not one this build reads.
        public static let unsupportedSchemaVersion = Code(.unsupportedSchemaVersion)
        /// The envelope's id does not match its source, epoch, kind and sequence.
        public static let inconsistentEnvelope = Code(.inconsistentEnvelope)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What was wrong, in a sentence.
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
