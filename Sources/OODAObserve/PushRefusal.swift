/// Why a push was refused: the payload as a whole, or each invalid sample with its index and reason.
///
/// A push is all or nothing: when one sample is invalid nothing is ingested, so the service can correct the
/// payload and send it again without duplicating the valid part.
public struct PushRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// One refused sample.
    public struct RefusedSample: Sendable, Equatable, Codable {
        /// The sample's position in the payload, counting from 0 (`samples` first, then `metrics`).
        public var index: Int
        /// The sample's name, when it had one.
        public var name: String?
        /// What is wrong with it and what is allowed.
        public var reason: String
    }

    /// `invalidPayload` when the body is not the documented JSON, `invalidSample` when samples were refused.
    public var code: ObserveError.Code
    /// What was wrong, in one line.
    public var message: String
    /// The refused samples, empty when the payload itself was refused.
    public var refused: [RefusedSample]

    /// Creates a refusal.
    ///
    /// - Parameters:
    ///   - code: What kind of refusal this is.
    ///   - message: What was wrong.
    ///   - refused: The refused samples.
    public init(code: ObserveError.Code, message: String, refused: [RefusedSample] = []) {
        self.code = code
        self.message = message
        self.refused = refused
    }

    public var description: String {
        ([message] + refused.map { "sample \($0.index)\($0.name.map { " (\($0))" } ?? ""): \($0.reason)" })
            .joined(separator: "; ")
    }
}
