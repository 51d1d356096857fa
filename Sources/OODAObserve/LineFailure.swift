/// Why one line was refused.
struct LineFailure: Error {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
