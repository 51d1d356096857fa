import Foundation

/// A bearer token read from a file and re-read as it rotates.
///
/// The kubelet rewrites a projected service-account token before it expires; client-go re-reads the file every
/// minute, and so does this, and at once after the API server answers 401.
actor BearerTokenSource {
    private let path: String
    private let maxAge: Duration
    private let clock = ContinuousClock()
    private var cached: (token: String, readAt: ContinuousClock.Instant)?

    init(path: String, maxAge: Duration = .seconds(60)) {
        self.path = path
        self.maxAge = maxAge
    }

    /// The token, re-read when older than the maximum age or when `refresh` is true.
    ///
    /// - Throws: ``ActuatorError`` with code `credentials` when the file is unreadable or empty.
    func token(refresh: Bool = false) throws -> String {
        if !refresh, let cached, clock.now - cached.readAt < maxAge { return cached.token }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ActuatorError(.credentials, "cannot read the bearer token file \(path)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw ActuatorError(.credentials, "the bearer token file \(path) is empty")
        }
        cached = (token, clock.now)
        return token
    }
}
